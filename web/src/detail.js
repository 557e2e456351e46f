// A list page's 详情 row action opening a RecordDetail.
import { ref } from 'vue'
import { t } from './i18n.js'

export function useDetail() {
  const detailOpen = ref(false)
  const detail = ref(null)
  const rowActions = [
    {
      key: 'detail',
      label: () => t('btn.detail'),
      run: (row) => {
        detail.value = row
        detailOpen.value = true
      },
    },
  ]
  return { detailOpen, detail, rowActions }
}

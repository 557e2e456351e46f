// Element Plus, only the components the interface uses (keeps the bundle
// small), registered globally under their usual el-* names.
import {
  ElAlert, ElAside, ElButton, ElCard, ElCol, ElCollapse, ElCollapseItem, ElConfigProvider, ElContainer,
  ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDialog, ElDivider, ElDropdown, ElDropdownItem,
  ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon, ElInput, ElInputNumber, ElLoading, ElMain,
  ElMenu, ElMenuItem, ElOption, ElPagination, ElProgress, ElRadio, ElRow, ElSelect, ElSteps,
  ElSwitch, ElTable, ElTableColumn, ElTabPane, ElTabs, ElTag, ElTooltip, ElCheckbox, ElTimeline, ElTimelineItem,
} from 'element-plus'
import 'element-plus/dist/index.css'

// ElRadio brings el-radio-group and el-radio-button, ElSteps el-step

const components = [
  ElAlert, ElAside, ElButton, ElCard, ElCol, ElCollapse, ElCollapseItem, ElConfigProvider, ElContainer,
  ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDialog, ElDivider, ElDropdown, ElDropdownItem,
  ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon, ElInput, ElInputNumber, ElMain,
  ElMenu, ElMenuItem, ElOption, ElPagination, ElProgress, ElRadio, ElRow, ElSelect, ElSteps,
  ElSwitch, ElTable, ElTableColumn, ElTabPane, ElTabs, ElTag, ElTooltip, ElCheckbox, ElTimeline, ElTimelineItem,
]

export default {
  install(app) {
    for (const c of components) app.use(c)
    app.use(ElLoading)
  },
}

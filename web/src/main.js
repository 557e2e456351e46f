import { createApp } from 'vue'
import App from './App.vue'
import router from './router.js'
import element from './element.js'
import './styles.css'
import './print.css'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn' // weekStart 1: the date pickers' weeks start on Monday

// the English interface too (Element Plus takes the week's first day from dayjs's locale)
dayjs.Ls.en.weekStart = 1

createApp(App).use(element).use(router).mount('#app')

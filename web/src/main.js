import { createApp } from 'vue'
// Styles of the services called from script (ElMessage, ElMessageBox, v-loading);
// components used in templates get theirs from unplugin-vue-components.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/loading/style/css'
import './styles.css'
import App from './App.vue'
import { i18n, loadStartMessages } from './i18n'
import { router } from './router'
import { installToasts } from './toasts'

installToasts()

const app = createApp(App)
app.use(i18n)
app.use(router)
// The start catalogue first (the login page needs it; the router's guards load each
// screen's own).
loadStartMessages().finally(() => app.mount('#app'))

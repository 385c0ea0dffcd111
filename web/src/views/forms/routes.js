// 打印表单 (issue 15, point 6; TKT-2, TKT-5): on the ticket page, the ticket's
// 服务申请表 and 售后服务处理记录表 as A4 PDFs; and a blank 服务申请表 for paper,
// from the menu under the user's name.
import { Printer } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

export default defineArea('forms', {
  routes: [
    {
      path: 'forms',
      name: 'forms-blank',
      component: () => import('./BlankForms.vue'),
      meta: { roles: ['agent', 'engineer', 'team_leader', 'manager', 'admin'], menu: { label: 'forms.menu.blank', icon: Printer, order: 45, place: 'user' } },
    },
  ],
  ticketPanels: [{ name: 'forms-print', component: () => import('./TicketPrintPanel.vue'), order: 40 }],
})

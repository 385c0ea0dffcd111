// E-mail in (issue 12 point 5, TKT-1): the administrator's support mailbox (客服邮箱:
// its IMAP settings and the reader's health), the mails from unknown senders that
// the service desk makes tickets of (待认领邮件), and on the ticket page the mail
// thread with the engineer's reply by e-mail (邮件往来; vendor staff).
import { Message, MessageBox } from '@element-plus/icons-vue'
import { defineArea } from '../../area'

// Who reads and answers mails (the API's vendor staff); the menu entry of
// 待认领邮件 is for the service desk (agents, team leaders, managers).
export const MAIL_ROLES = ['agent', 'engineer', 'team_leader', 'manager', 'admin']
export const DESK_ROLES = ['agent', 'team_leader', 'manager']

export default defineArea('mail', {
  routes: [
    {
      path: 'admin/mailboxes',
      name: 'admin-mailboxes',
      component: () => import('./MailboxesPage.vue'),
      meta: { roles: ['admin'], menu: { label: 'mail.menu.mailboxes', icon: MessageBox, order: 0.34 } },
    },
    {
      path: 'mails/unmatched',
      name: 'mail-unmatched',
      component: () => import('./UnmatchedMailsPage.vue'),
      meta: { roles: MAIL_ROLES, menu: { label: 'mail.menu.unmatched', icon: Message, order: 25, roles: DESK_ROLES } },
    },
  ],
  ticketPanels: [{ name: 'mail-thread', component: () => import('./MailThreadPanel.vue'), roles: MAIL_ROLES, order: 20 }],
})

import type { Settings } from '../shared/ipc-schema';

/** The few words main shows itself (tray menu, notifications), in the user's language. */
const EN = {
  open: 'Open Gangway',
  quit: 'Quit',
  connect: (p: string) => `Connect “${p}”`,
  disconnect: (p: string) => `Disconnect “${p}”`,
  noProfiles: 'No profiles: import one first',
  connected: (p: string) => `Connected to ${p}`,
  disconnected: (p: string) => `Disconnected from ${p}`,
  failed: (p: string) => `Could not connect to ${p}`,
  reconnecting: (p: string) => `Connection to ${p} lost, reconnecting`,
  imported: (p: string) => `Profile “${p}” imported`,
  importFailed: 'Profile not imported',
  closedToTray: 'Gangway is still running',
  closedToTrayBody:
    'Connections stay up in the background. Open Gangway or quit it from its tray icon.',
  closeQuestion: 'Keep the VPN connected?',
  closeQuestionBody:
    'There is no tray icon on this desktop. Minimize Gangway to keep the connection, or disconnect and quit.',
  keepConnected: 'Minimize and stay connected',
  disconnectAndQuit: 'Disconnect and quit',
  cancel: 'Cancel',
  aboutItem: 'About Gangway',
  about: {
    title: 'About Gangway',
    ok: 'OK',
    licenceTexts: 'Licence texts',
    helper: (path: string, sha: string, date: string) => `Helper: ${path} (build ${sha}, ${date})`,
    helperMissing: (path: string) => `Helper: not found (looked for ${path})`,
    licences: 'Bundled software and licences:',
    noLicences: '(the licence list is built by npm run build)',
  },
  tooltip: {
    disconnected: 'Gangway: not connected',
    connecting: 'Gangway: connecting…',
    connected: 'Gangway: connected',
    error: 'Gangway: connection failed',
  },
};

export type Strings = typeof EN;

const ZH_CN: Strings = {
  open: '打开 Gangway',
  quit: '退出',
  connect: (p) => `连接“${p}”`,
  disconnect: (p) => `断开“${p}”`,
  noProfiles: '没有配置文件：请先导入',
  connected: (p) => `已连接到 ${p}`,
  disconnected: (p) => `已断开 ${p}`,
  failed: (p) => `无法连接到 ${p}`,
  reconnecting: (p) => `与 ${p} 的连接中断，正在重新连接`,
  imported: (p) => `已导入配置文件“${p}”`,
  importFailed: '配置文件未导入',
  closedToTray: 'Gangway 仍在运行',
  closedToTrayBody: '连接在后台保持。可从托盘图标打开或退出 Gangway。',
  closeQuestion: '保持 VPN 连接吗？',
  closeQuestionBody: '此桌面没有托盘图标。最小化 Gangway 以保持连接，或断开并退出。',
  keepConnected: '最小化并保持连接',
  disconnectAndQuit: '断开并退出',
  cancel: '取消',
  aboutItem: '关于 Gangway',
  about: {
    title: '关于 Gangway',
    ok: '确定',
    licenceTexts: '许可证全文',
    helper: (path, sha, date) => `辅助程序：${path}（构建 ${sha}，${date}）`,
    helperMissing: (path) => `辅助程序：未找到（查找位置 ${path}）`,
    licences: '内置软件及其许可证：',
    noLicences: '（许可证列表由 npm run build 生成）',
  },
  tooltip: {
    disconnected: 'Gangway：未连接',
    connecting: 'Gangway：正在连接…',
    connected: 'Gangway：已连接',
    error: 'Gangway：连接失败',
  },
};

export function stringsFor(language: Settings['language']): Strings {
  return language === 'zh-CN' ? ZH_CN : EN;
}

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

// The tray icon's state badge: a distinct shape per state, not only a colour, so the state
// reads on monochrome panels and for colour-blind users. Drawn in the 512-unit tray.svg grid,
// centred at (400, 400); scripts/render-icons.mjs puts one in place of <!--BADGE-->.
const EDGE = '#14212E';

export const TRAY_BADGES = {
  // Not connected: an empty ring.
  disconnected: `<circle cx="400" cy="400" r="88" fill="none" stroke="${EDGE}" stroke-width="64"/>
  <circle cx="400" cy="400" r="88" fill="none" stroke="#8A96A3" stroke-width="30"/>`,
  // Connecting: a square with a clock's hands (waiting).
  connecting: `<rect x="300" y="300" width="200" height="200" rx="36" fill="#F2A900" stroke="${EDGE}" stroke-width="28"/>
  <polyline points="400,340 400,405 450,440" fill="none" stroke="${EDGE}" stroke-width="30" stroke-linecap="round" stroke-linejoin="round"/>`,
  // Connected: a filled disc with a check mark.
  connected: `<circle cx="400" cy="400" r="100" fill="#2FBF71" stroke="${EDGE}" stroke-width="28"/>
  <polyline points="350,402 388,440 452,364" fill="none" stroke="${EDGE}" stroke-width="32" stroke-linecap="round" stroke-linejoin="round"/>`,
  // Failed: a triangle with an exclamation mark.
  error: `<polygon points="400,286 512,494 288,494" fill="#E5484D" stroke="${EDGE}" stroke-width="28" stroke-linejoin="round"/>
  <line x1="400" y1="360" x2="400" y2="420" stroke="${EDGE}" stroke-width="30" stroke-linecap="round"/>
  <circle cx="400" cy="460" r="17" fill="${EDGE}"/>`,
};

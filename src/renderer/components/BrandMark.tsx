/** The Gangway mark: a shield with a gangway bridge across it. Decorative. */
export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path
        d="M16 2.5l11 4.6v7.6c0 7-4.6 12.6-11 14.8C9.6 27.3 5 21.7 5 14.7V7.1z"
        fill="var(--accent)"
      />
      <path
        d="M9.5 17.5h13M11 17.5v-3.2M16 17.5v-5.5M21 17.5v-3.2M9.5 14.3c2.2-2.8 10.8-2.8 13 0"
        stroke="#fff"
        strokeWidth="1.8"
        strokeLinecap="round"
        fill="none"
      />
    </svg>
  );
}

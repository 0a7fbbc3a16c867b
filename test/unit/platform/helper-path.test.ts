import { describe, expect, it } from 'vitest';
import {
  currentHelperLookup,
  INSTALLED_HELPER_PATH,
  locateHelper,
  type HelperLookup,
} from '../../../src/core/platform/linux/helper-path';

// Which helper binary runs, and how: pkexec only ever gets the installed path; a packaged app
// never looks in its resources; a checkout's build runs only for root.

const CHECKOUT = '/home/dev/gangway';
const CHECKOUT_BUILD = `${CHECKOUT}/helper/build/gangway-helper`;
const RESOURCES_COPY = '/opt/Gangway/resources/gangway-helper';
const OWN_COPY = '/home/dev/my-helper';

function lookup(
  elevation: 'direct' | 'pkexec',
  present: string[],
  extra: Partial<HelperLookup> = {},
): HelperLookup {
  return {
    elevation,
    env: {},
    packaged: false,
    moduleDir: `${CHECKOUT}/dist/cli`,
    exists: (file) => present.includes(file),
    ...extra,
  };
}

const everything = [INSTALLED_HELPER_PATH, CHECKOUT_BUILD, RESOURCES_COPY, OWN_COPY];

describe('locateHelper through pkexec', () => {
  it('only ever names the installed path, whatever else exists or is set', () => {
    for (const packaged of [false, true])
      expect(
        locateHelper(
          lookup('pkexec', everything, {
            packaged,
            env: { GANGWAY_HELPER: OWN_COPY, APPIMAGE: '/home/dev/Gangway.AppImage' },
          }),
        ),
      ).toEqual({ found: true, path: INSTALLED_HELPER_PATH, elevation: 'pkexec' });
  });

  it('in an AppImage without the installed helper, says to install the package and how', () => {
    const got = locateHelper(
      lookup('pkexec', [RESOURCES_COPY], {
        packaged: true,
        env: { APPIMAGE: '/home/dev/Gangway.AppImage' },
      }),
    );
    expect(got).toMatchObject({
      found: false,
      message: `the TUN helper is not installed at ${INSTALLED_HELPER_PATH}`,
    });
    expect(got.found === false && got.hint).toMatch(
      /AppImage cannot carry .*sudo apt install \.\/gangway_<version>_amd64\.deb/,
    );
  });

  it("in a checkout, refuses to hand pkexec the checkout's build and says to run as root", () => {
    const got = locateHelper(lookup('pkexec', [CHECKOUT_BUILD]));
    expect(got).toEqual({
      found: false,
      message: `the TUN helper is not installed at ${INSTALLED_HELPER_PATH}`,
      hint: `pkexec runs only the installed helper; to use this checkout's build (${CHECKOUT_BUILD}), run as root.`,
    });
  });

  it('in a packaged app without it, says to reinstall', () => {
    const got = locateHelper(lookup('pkexec', [RESOURCES_COPY], { packaged: true }));
    expect(got.found === false && got.hint).toMatch(/^Reinstall Gangway/);
  });
});

describe('locateHelper when already root', () => {
  it('takes $GANGWAY_HELPER first, then the checkout build, then the installed one', () => {
    const env = { GANGWAY_HELPER: OWN_COPY };
    expect(locateHelper(lookup('direct', everything, { env }))).toMatchObject({
      path: OWN_COPY,
      elevation: 'direct',
    });
    expect(locateHelper(lookup('direct', everything))).toMatchObject({ path: CHECKOUT_BUILD });
    expect(locateHelper(lookup('direct', [INSTALLED_HELPER_PATH, RESOURCES_COPY]))).toMatchObject({
      path: INSTALLED_HELPER_PATH,
    });
  });

  it('finds the checkout build from deeper module directories (src/ and dist/ bundles)', () => {
    const deep = lookup('direct', [CHECKOUT_BUILD], {
      moduleDir: `${CHECKOUT}/src/core/platform/linux`,
    });
    expect(locateHelper(deep)).toMatchObject({ path: CHECKOUT_BUILD });
  });

  it('in a packaged app, never a copy in its resources or a checkout: the installed one', () => {
    const packaged = lookup('direct', everything, {
      packaged: true,
      moduleDir: '/opt/Gangway/resources/app.asar/dist/main',
    });
    expect(locateHelper(packaged)).toMatchObject({ path: INSTALLED_HELPER_PATH });
    expect(
      locateHelper({ ...packaged, exists: (f) => f === RESOURCES_COPY || f === CHECKOUT_BUILD }),
    ).toMatchObject({ found: false });
  });

  it('says what to do when there is none', () => {
    expect(locateHelper(lookup('direct', []))).toEqual({
      found: false,
      message: `the TUN helper was not found at ${INSTALLED_HELPER_PATH}`,
      hint: 'Build it with `npm run build` (needs gcc and make), reinstall Gangway, or set GANGWAY_HELPER.',
    });
  });
});

describe('currentHelperLookup', () => {
  it('sees plain node (CLI, tests) as not packaged', () => {
    expect(currentHelperLookup('direct')).toMatchObject({ packaged: false, elevation: 'direct' });
  });
});

// Checks (and, as root on Debian, installs) the system packages the test suites need.
// Outside CI a missing package only makes the suites that need it skip, with a message;
// in CI (CI=true) every suite must run, so anything missing is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian package -> a file that proves it is installed. */
export const DEBIAN_PACKAGES = {
  openvpn: '/usr/sbin/openvpn',
  'strongswan-swanctl': '/usr/sbin/swanctl',
  'charon-systemd': '/usr/sbin/charon-systemd',
  'libcharon-extra-plugins': '/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so',
  iperf3: '/usr/bin/iperf3',
  iproute2: '/usr/sbin/ip',
  nftables: '/usr/sbin/nft',
  chromium: '/usr/bin/chromium',
  tcpdump: '/usr/bin/tcpdump',
  gcc: '/usr/bin/gcc',
  make: '/usr/bin/make',
  'libc6-dev': '/usr/include/stdio.h',
  'linux-libc-dev': '/usr/include/linux/if_tun.h',
  procps: '/usr/bin/pkill',
  // The first-run e2e test installs and starts a fresh clone of the repository.
  git: '/usr/bin/git',
  // Interop cases send real ICMP through the tunnel.
  'iputils-ping': '/usr/bin/ping',
  // The helper through real pkexec and polkit, in a lab of its own (test/support/polkit-lab.ts).
  pkexec: '/usr/bin/pkexec',
  polkitd: '/usr/lib/polkit-1/polkitd',
  'dbus-daemon': '/usr/bin/dbus-daemon',
  'dbus-bin': '/usr/bin/dbus-send',
  // The Simplified Chinese screens (e2e screenshots) need a CJK font.
  'fonts-wqy-microhei': '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
};

export function missingPackages() {
  return Object.entries(DEBIAN_PACKAGES)
    .filter(([, probe]) => !existsSync(probe))
    .map(([pkg]) => pkg);
}

function aptInstall(pkgs) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
  return (
    run(['install', '-y', '-q', '--no-install-recommends', ...pkgs]) ||
    (run(['update', '-q']) && run(['install', '-y', '-q', '--no-install-recommends', ...pkgs]))
  );
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  let missing = missingPackages();
  const isRoot = process.getuid?.() === 0;
  if (missing.length > 0 && isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`prereqs: installing Debian packages: ${missing.join(' ')}`);
    aptInstall(missing);
    missing = missingPackages();
  }
  if (missing.length > 0) {
    const how = `apt-get install ${missing.join(' ')}`;
    if (process.env.CI === 'true') {
      console.error(
        `prereqs: missing Debian packages: ${missing.join(' ')}. Install them with: ${how}`,
      );
      process.exit(1);
    }
    console.warn(
      `prereqs: missing ${missing.join(' ')}; suites that need them will be skipped. Install with: sudo ${how}`,
    );
  } else {
    console.log('prereqs: all Debian packages present');
  }
}

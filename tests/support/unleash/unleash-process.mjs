// Runs unleash-server in a process of its own, so its logger, globals and signal handlers stay
// out of vitest. Started by unleash.ts with an IPC channel: it reports {port} once listening and
// exits when told to stop or when the channel closes (the test process went away).
import { start } from 'unleash-server';

const settings = JSON.parse(process.env.FLAGTAB_UNLEASH ?? '{}');

const unleash = await start({
  databaseUrl: settings.databaseUrl,
  db: { ssl: false },
  server: { host: '127.0.0.1', port: 0, unleashUrl: settings.unleashUrl ?? 'http://127.0.0.1', gracefulShutdownEnable: false },
  authentication: {
    type: 'open-source',
    createAdminUser: true,
    initialAdminUser: { username: 'admin', password: settings.adminPassword },
    initApiTokens: [{ secret: settings.adminToken, type: 'admin', projects: ['*'], environment: '*', tokenName: 'flagtab-tests' }],
  },
  versionCheck: { enable: false },
  logLevel: settings.logLevel ?? 'warn',
});

async function stop(code) {
  try {
    await unleash.stop();
  } finally {
    process.exit(code);
  }
}

process.send({ port: unleash.server.address().port });
process.on('message', (message) => message === 'stop' && void stop(0));
process.on('disconnect', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

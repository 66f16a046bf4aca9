import { ROUTE_USAGE, UsageError, runRouteCommand } from './cli/route-command.ts';

// Command-line tools, run from the repo root: `npm run -s cli -- <command> …`.
const [command, ...args] = process.argv.slice(2);
const commands: Record<string, () => Promise<number>> = {
  route: () => runRouteCommand(args, process.stdin, process.stdout, process.stderr, () => new Date()),
};

const run = command ? commands[command] : undefined;
if (!run) {
  process.stderr.write(`unknown command: ${command ?? '(none)'}\n${ROUTE_USAGE}\n`);
  process.exit(2);
}
try {
  process.exitCode = await run();
} catch (e) {
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  throw e;
}

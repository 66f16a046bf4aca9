import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

let probed: string | null | undefined;

/** Why GDAL's command-line tools cannot run here, or null when they can. */
function unavailableReason(): string | null {
  if (probed !== undefined) return probed;
  try {
    execFileSync('ogrinfo', ['--version'], { stdio: 'pipe' });
    execFileSync('ogr2ogr', ['--version'], { stdio: 'pipe' });
    probed = null;
  } catch (error) {
    probed = `GDAL (ogrinfo/ogr2ogr) is not installed: apt-get install gdal-bin (${(error as Error).message.split('\n')[0]})`;
  }
  return probed;
}

/**
 * True when GDAL can be used. Under CI=true a missing GDAL throws, so the test file fails
 * instead of skipping; locally it prints a loud warning and the GDAL tests are skipped.
 */
export function gdalAvailable(suite: string): boolean {
  const reason = unavailableReason();
  if (reason === null) return true;
  if (process.env.CI === 'true') throw new Error(`${suite}: GDAL tests must run under CI=true, but ${reason}`);
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING ${suite}: ${reason}\n!! (under CI=true this is a failure)\n${'!'.repeat(78)}\n`);
  return false;
}

/** Runs a GDAL tool; rejects with its stderr on a non-zero exit. */
export async function gdal(tool: 'ogrinfo' | 'ogr2ogr', args: string[]): Promise<string> {
  try {
    const { stdout } = await run(tool, args, { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

import fs from 'node:fs';
import path from 'node:path';

/**
 * Every library says what it owns, its ports and how to test it, in a README next to its
 * project.json: a library added without one fails here.
 */
const root = process.cwd();

function libraries(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name === 'src') continue;
    const child = path.join(dir, entry.name);
    if (fs.existsSync(path.join(child, 'project.json'))) found.push(child);
    else found.push(...libraries(child));
  }
  return found;
}

describe('library READMEs', () => {
  const all = libraries(path.join(root, 'libs')).map((dir) => path.relative(root, dir));

  it('finds the libraries', () => {
    expect(all).toEqual(expect.arrayContaining(['libs/shared/kernel', 'libs/shared/http', 'libs/gateway/feature', 'libs/read-models/users']));
  });

  it.each(all)('%s has a README that names its tests', (library) => {
    const readme = path.join(root, library, 'README.md');
    expect(fs.existsSync(readme)).toBe(true);
    expect(fs.readFileSync(readme, 'utf8')).toMatch(/test/i);
  });
});

// Slugs from display names, shared by the contexts that give things URL names
// (organizations, teams, workflows); each adds its own rules (length, reserved words).

/** Accents dropped, lower-cased, runs of anything else as one hyphen, cut to `maxLength`; '' when nothing is left. */
export function slugFromName(name: string, maxLength: number): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

/** `base`, then `base-2`, `base-3`, ... each cut so that the suffix fits `maxLength`. */
export function* slugCandidates(base: string, maxLength: number): Generator<string, never> {
  yield base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    yield `${base.slice(0, maxLength - suffix.length).replace(/-+$/, '')}${suffix}`;
  }
}

/**
 * The first of `candidates` that `claim` wins ("suffix on collision"), trying at most
 * `attempts`; `undefined` when every one was taken. `claim` is a reservation that
 * throws an error `isTaken` recognises when another holder has the candidate.
 */
export async function claimFirstFree(
  candidates: Iterator<string>,
  attempts: number,
  claim: (candidate: string) => Promise<void>,
  isTaken: (error: unknown) => boolean,
): Promise<string | undefined> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const candidate = candidates.next().value as string;
    try {
      await claim(candidate);
      return candidate;
    } catch (error) {
      if (!isTaken(error)) throw error;
    }
  }
  return undefined;
}

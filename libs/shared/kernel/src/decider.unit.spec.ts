import { type Command, type Decider, eventMetadataFrom, foldEvents } from './decider.js';
import { DeciderSpecification, SpecificationFailure } from './decider-specification.js';
import { UserError } from './errors.js';

type SwitchEvent =
  { readonly type: 'SwitchInstalled'; readonly data: { at: string } } | { readonly type: 'SwitchFlipped'; readonly data: { on: boolean; at: string } };
type SwitchCommand = Command<'Install', Record<string, never>> | Command<'Flip', { on: boolean }>;
interface SwitchState {
  readonly installed: boolean;
  readonly on: boolean;
}

const lightSwitch: Decider<SwitchState, SwitchCommand, SwitchEvent> = {
  initialState: () => ({ installed: false, on: false }),
  decide(command, state) {
    const at = command.metadata.now.toISOString();
    switch (command.type) {
      case 'Install':
        if (state.installed) throw new UserError('conflict', 'switch.installed', 'Already installed');
        return [{ type: 'SwitchInstalled', data: { at } }];
      case 'Flip':
        if (!state.installed) throw new UserError('unprocessable', 'switch.missing', 'Install it first');
        return state.on === command.data.on ? [] : [{ type: 'SwitchFlipped', data: { on: command.data.on, at } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'SwitchInstalled':
        return { ...state, installed: true };
      case 'SwitchFlipped':
        return { ...state, on: event.data.on };
    }
  },
};

const now = new Date('2026-11-29T10:00:00Z');
const flip = (on: boolean): SwitchCommand => ({ type: 'Flip', data: { on }, metadata: { commandId: 'c-1', now } });
const installed: SwitchEvent = { type: 'SwitchInstalled', data: { at: '2026-11-28T00:00:00.000Z' } };
const spec = DeciderSpecification.for(lightSwitch);

describe('deciders', () => {
  it('decides events from the folded history, taking time from the command', () => {
    spec
      .given([installed])
      .when(flip(true))
      .then([{ type: 'SwitchFlipped', data: { on: true, at: now.toISOString() } }]);
  });

  it('decides nothing when the command changes nothing', () => {
    spec
      .given([installed, { type: 'SwitchFlipped', data: { on: true, at: 'x' } }])
      .when(flip(true))
      .then([]);
  });

  it('refuses a command the state does not allow', () => {
    spec.given([]).when(flip(true)).thenThrows(UserError);
    spec
      .given([])
      .when(flip(true))
      .thenThrows((error) => error instanceof UserError && error.code === 'switch.missing');
  });

  it('fails the specification when the events differ', () => {
    expect(() =>
      spec
        .given([installed])
        .when(flip(true))
        .then([{ type: 'SwitchFlipped', data: { on: false, at: now.toISOString() } }]),
    ).toThrow(SpecificationFailure);
  });

  it('fails the specification when a refusal was expected but events were decided', () => {
    expect(() => spec.given([installed]).when(flip(true)).thenThrows()).toThrow(SpecificationFailure);
  });

  it('fails the specification when the decider throws a different error', () => {
    expect(() => spec.given([]).when(flip(true)).thenThrows(SpecificationFailure)).toThrow('unexpected error');
  });

  it('compares events regardless of key order', () => {
    spec
      .given([installed])
      .when(flip(true))
      .then([{ data: { at: now.toISOString(), on: true }, type: 'SwitchFlipped' } as SwitchEvent]);
  });

  it('folds events over the initial state', () => {
    expect(foldEvents(lightSwitch, [installed, { type: 'SwitchFlipped', data: { on: true, at: 'x' } }])).toEqual({ installed: true, on: true });
  });

  it('derives event metadata from the command metadata', () => {
    expect(eventMetadataFrom({ commandId: 'c-9', now, organizationId: 'org-1', actorId: 'u-1' })).toEqual({
      causationId: 'c-9',
      correlationId: 'c-9',
      organizationId: 'org-1',
      actorId: 'u-1',
    });
  });
});

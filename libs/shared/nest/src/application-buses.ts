import { CqrsModule } from '@nestjs/cqrs';

/**
 * The command and query buses of every context module (`@nestjs/cqrs`), as one object:
 * Nest identifies a dynamic module by reference, so every context that imports this
 * shares one CqrsModule instance, one CommandBus and one QueryBus per process, instead
 * of each `forRoot()` starting buses of its own.
 */
export const APPLICATION_BUSES = CqrsModule.forRoot();

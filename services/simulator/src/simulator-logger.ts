/** Injection token of the simulator's pino Logger (the one MessagingModule logs with too). */
export const SIMULATOR_LOGGER = Symbol('SIMULATOR_LOGGER');

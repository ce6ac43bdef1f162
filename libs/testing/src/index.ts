export { waitFor } from './wait-for';
export { uniqueName } from './unique-names';
export { stackEndpoints, type StackEndpoints } from './stack/stack-endpoints';

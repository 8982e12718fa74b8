export { mean } from './mean.ts';

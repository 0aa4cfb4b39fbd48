// Types for the generator the unit test imports from train-classifier.mjs (tsconfig has no allowJs).
export declare const SEED: number;
export declare const TYPES: readonly string[];
export declare const ITEMS: readonly { id: string; loads: Readonly<Record<string, number>> }[];
export declare const PRIORS: readonly number[];
export declare const MODEL: Readonly<Record<string, number | readonly [number, number]>>;
export type Rng = { uniform(): number; normal(): number; pick(weights: readonly number[]): number };
export declare function createRng(seed: number): Rng;
/** `answers` are 1..5 in ITEMS order; `label` indexes TYPES. */
export declare function sampleRespondent(rng: Rng): { answers: number[]; label: number; mixed: boolean };
export declare function generateDataset(count: number, seed: number): { X: number[][]; y: number[]; mixed: boolean[] };

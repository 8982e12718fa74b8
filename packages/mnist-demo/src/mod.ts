export { CATEGORY_DESCRIPTIONS, DEMO_CATEGORIES, type DemoCategory } from './categories.ts';
export { DEMO_BUDGET_NAMES, DEMO_BUDGETS, prepareDemoData, type BudgetSettings, type DemoBudget, type DemoData, type DemoOptions, type DemoSplit } from './data.ts';
export { DEMO_MARKER } from './demo_dir.ts';
export { runDemoSeeds, type DemoSeedRun, type DemoSeedsOptions, type DemoSeedsResult } from './demo_seeds.ts';
export { MnistDemoError } from './errors.ts';
export { evaluate } from './evaluate.ts';
export { IMAGE_PIXELS, IMAGE_SIDE, type LabelledImages } from './images.ts';
export { loadMnist, MNIST_IMAGES, type ReadText } from './mnist.ts';
export { MODEL_CONFIG, TENSOR_NAMES, TENSOR_SHAPES, type ModelTensors, type ModelTensorsInput, type Tensor, type TensorName } from './model.ts';
export { BATCH_SIZE } from './sgd.ts';
export {
  SUMMARY_LABELS,
  SUMMARY_ROWS,
  summarizeSeeds,
  type SeedOutcome,
  type SeedStatistic,
  type SeedSummary,
  type SeedSummaryEntry,
  type SummaryRow,
} from './seed_summary.ts';
export { soupTensors } from './soup.ts';
export {
  BASE_RECIPE,
  FINE_TUNE_RECIPES,
  LEADERBOARD_PEERS,
  trainCandidates,
  type Candidate,
  type CandidateRecipe,
  type TrainingProgress,
  type TrainOptions,
} from './train.ts';
export {
  DEMO_PLANS,
  DEMO_TAU,
  runDemo,
  type DemoAnalysis,
  type DemoEvent,
  type DemoResult,
  type DemoRunOptions,
  type DemoTable,
  type DemoTableEntry,
} from './demo_pipeline.ts';

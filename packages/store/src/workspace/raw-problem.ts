/** A problem found in a workspace file: where (a path inside it) and what. */
export interface RawProblem {
  path: PropertyKey[];
  message: string;
}

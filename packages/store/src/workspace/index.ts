export { loadWorkspaceFile, parseWorkspace, type LoadWorkspaceOptions } from './load-workspace-file';
export { WorkspaceError, formatPath, type WorkspaceProblem } from './workspace-error';
export { workspaceFileSchema, type WorkspaceFile } from './file-schema';

export { loadWorkspaceFile, parseWorkspace, type LoadWorkspaceOptions } from './load-workspace-file';
export { WorkspaceError, formatPath, type WorkspaceProblem } from './workspace-error';
export { workspaceFileSchema, type WorkspaceFile } from './file-schema';
export {
  fileVersion,
  readDocument,
  printDocument,
  itemKey,
  keyField,
  objectSection,
  putObject,
  deleteObject,
  sectionItems,
  redactItem,
  carriesSecret,
  putItem,
  deleteItem,
  exportText,
  importText,
  type ItemChange,
  type WorkspaceFileItem,
  type HashSecretFn,
} from './workspace-document';

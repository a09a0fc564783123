// The framework program's provider slots when it runs on its own: the
// layout says none is wired, so a call is a bug in the program.
const unused = (name) => () => {
  throw new Error(`unused slot called: ${name}`);
};
export const listTools = unused("list-tools");
export const callTool = unused("call-tool");
export const listResources = unused("list-resources");
export const listResourceTemplates = unused("list-resource-templates");
export const readResource = unused("read-resource");
export const listPrompts = unused("list-prompts");
export const getPrompt = unused("get-prompt");
export const complete = unused("complete");

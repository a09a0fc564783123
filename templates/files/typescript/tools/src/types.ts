import type { ContentBlock, Json } from "./mcp.js";

export interface Tool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Json;
  outputSchema?: Json;
  annotations?: {
    title?: string;
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
  };
  icons: { src: string; mimeType?: string; sizes: string[]; theme?: "light" | "dark" }[];
  meta?: Json;
}

export interface CallToolResult {
  content: ContentBlock[];
  structuredContent?: Json;
  isError?: boolean;
  meta?: Json;
}

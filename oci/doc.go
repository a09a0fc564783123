// Package oci publishes and fetches WebAssembly components in OCI registries
// and resolves package specs for the composer.
//
// A component is stored as an OCI wasm artifact, following the layout of the
// CNCF TAG Runtime Wasm OCI Artifact document: an OCI image manifest whose
// config has media type application/vnd.wasm.config.v0+json (a JSON record
// with created, architecture "wasm", os "wasip2", layerDigests and the
// component's imports and exports) and whose single layer is the component,
// media type application/wasm. The manifest carries
// org.opencontainers.image.created and .version annotations and wasmcp's
// AnnotationExports and AnnotationImports.
//
// Names come in two forms: full references (host[:port]/repository:tag or
// @sha256:digest) and package specs namespace:name[@version], turned into
// references through Namespaces (config.toml's [namespaces] over
// BuiltinNamespaces). See Namespaces.Target.
//
// Client does the registry traffic with oras-go (credentials from the Docker
// config file and its helpers, see DockerCredentials); every fetched manifest
// and layer is checked against its digest. Resolver adds a content-addressed
// Cache with a tag index (offline resolution, --skip-download), the deps dir,
// highest-semver selection and framework part overrides (ResolvePart).
package oci

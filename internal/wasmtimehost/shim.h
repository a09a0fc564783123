#ifndef WASMCP_WASMTIMEHOST_SHIM_H
#define WASMCP_WASMTIMEHOST_SHIM_H

#include <stdint.h>
#include <stdlib.h>
#include <wasi.h>
#include <wasmtime.h>

wasmtime_error_t *shim_add_func(wasmtime_component_linker_instance_t *li,
                                const char *name, size_t len, uintptr_t id);
wasmtime_error_t *shim_add_resource(wasmtime_component_linker_instance_t *li,
                                    const char *name, size_t len, uint32_t ty);
wasmtime_store_t *shim_store_new(wasm_engine_t *engine, uintptr_t id);
uintptr_t shim_context_id(wasmtime_context_t *ctx);

#endif

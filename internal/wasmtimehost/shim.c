//go:build wasmtimehost

#include "shim.h"
#include "_cgo_export.h"

// Every host function and resource destructor goes through one trampoline;
// the closure's data word is the index of the Go implementation.
static wasmtime_error_t *trampoline(void *env, wasmtime_context_t *ctx,
                                    const wasmtime_component_func_type_t *ty,
                                    wasmtime_component_val_t *args, size_t nargs,
                                    wasmtime_component_val_t *results,
                                    size_t nresults) {
  (void)ty;
  return goHostCall((uintptr_t)env, ctx, args, nargs, results, nresults);
}

static wasmtime_error_t *destructor(void *env, wasmtime_context_t *ctx,
                                    uint32_t rep) {
  goResourceDrop((uintptr_t)env, ctx, rep);
  return NULL;
}

wasmtime_error_t *shim_add_func(wasmtime_component_linker_instance_t *li,
                                const char *name, size_t len, uintptr_t id) {
  return wasmtime_component_linker_instance_add_func(li, name, len, trampoline,
                                                     (void *)id, NULL);
}

wasmtime_error_t *shim_add_resource(wasmtime_component_linker_instance_t *li,
                                    const char *name, size_t len,
                                    uint32_t ty) {
  wasmtime_component_resource_type_t *rt =
      wasmtime_component_resource_type_new_host(ty);
  wasmtime_error_t *err = wasmtime_component_linker_instance_add_resource(
      li, name, len, rt, destructor, (void *)(uintptr_t)ty, NULL);
  wasmtime_component_resource_type_delete(rt);
  return err;
}

wasmtime_store_t *shim_store_new(wasm_engine_t *engine, uintptr_t id) {
  return wasmtime_store_new(engine, (void *)id, NULL);
}

uintptr_t shim_context_id(wasmtime_context_t *ctx) {
  return (uintptr_t)wasmtime_context_get_data(ctx);
}

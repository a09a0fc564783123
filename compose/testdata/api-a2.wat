;; Exports test:x/api@0.1.0 { f: func() -> u32 } (f returns 1000).
(component
  (core module $m (func (export "f") (result i32) i32.const 1000))
  (core instance $i (instantiate $m))
  (func $f (result u32) (canon lift (core func $i "f")))
  (instance $api (export "f" (func $f)))
  (export "test:x/api@0.1.0" (instance $api)))

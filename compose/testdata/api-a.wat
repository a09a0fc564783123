;; Exports test:x/api@0.1.2 { f: func() -> u32 } (f returns 41).
(component
  (core module $m (func (export "f") (result i32) i32.const 41))
  (core instance $i (instantiate $m))
  (func $f (result u32) (canon lift (core func $i "f")))
  (instance $api (export "f" (func $f)))
  (export "test:x/api@0.1.2" (instance $api)))

;; Imports test:x/q@0.1.0 and exports test:x/p@0.1.0: the reverse of
;; cyc-a.
(component
  (import "test:x/q@0.1.0" (instance $p (export "f" (func (result u32)))))
  (core module $m (func (export "f") (result i32) i32.const 1))
  (core instance $i (instantiate $m))
  (func $f (result u32) (canon lift (core func $i "f")))
  (instance $q (export "f" (func $f)))
  (export "test:x/p@0.1.0" (instance $q)))

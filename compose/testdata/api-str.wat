;; Exports test:x/api@0.1.0 where f returns a string: incompatible with the
;; import of api-b.
(component
  (core module $m
    (memory (export "memory") 1)
    (data (i32.const 8) "\10\00\00\00\02\00\00\00")
    (data (i32.const 16) "41")
    (func (export "f") (result i32) i32.const 8))
  (core instance $i (instantiate $m))
  (func $f (result string) (canon lift (core func $i "f") (memory (core memory $i "memory"))))
  (instance $api (export "f" (func $f)))
  (export "test:x/api@0.1.0" (instance $api)))

;; Exports test:plug/num@0.1.0 { get: func() -> u32 } (get returns 21): the
;; plug of the stock-Go guest in goguest/.
(component
  (core module $m (func (export "get") (result i32) i32.const 21))
  (core instance $i (instantiate $m))
  (func $get (result u32) (canon lift (core func $i "get")))
  (instance $num (export "get" (func $get)))
  (export "test:plug/num@0.1.0" (instance $num)))

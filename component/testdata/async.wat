;; Types of the async and fixed-size-list extensions: stream, future, a
;; fixed-size list and an async function type.
(component
  (type $s (stream u8))
  (type $f (future string))
  (type $fl (list u32 4))
  (type $e (stream))
  (type $ft (func async (param "s" $s) (param "fl" $fl) (param "e" $e) (result $f)))
  (import "f" (func (type $ft)))
)

;; A component that exports nothing: compose server refuses it.
(component)

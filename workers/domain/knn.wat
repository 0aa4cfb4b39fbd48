;; Dot products of one query with every row of a float32 matrix, four SIMD lanes at a time.
;; Built into knn.wasm by `npm run build:wasm` (scripts/build-wasm.mjs); a unit test checks that the
;; committed binary is the build of this file.
;;
;; dots(rows, n, stride, query, out): rows are `stride` floats apart, starting at byte `rows`; the
;; query is `stride` floats at byte `query`; out[i] = Σ query[j] × row_i[j] is written as float32 at
;; byte `out`. `stride` must be a multiple of 16 (callers pad rows and query with zeros): each step
;; of the inner loop multiplies 16 floats into four independent accumulators, so the additions of
;; one step do not wait on each other.
(module
  (memory (export "memory") 1)
  (func (export "dots") (param $rows i32) (param $n i32) (param $stride i32) (param $query i32) (param $out i32)
    (local $i i32) (local $j i32) (local $row i32) (local $bytes i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local.set $bytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $row (local.get $rows))
    (block $done
      (loop $each_row
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (v128.const i32x4 0 0 0 0))
        (local.set $b (v128.const i32x4 0 0 0 0))
        (local.set $c (v128.const i32x4 0 0 0 0))
        (local.set $d (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (loop $each_block
          (local.set $a (f32x4.add (local.get $a) (f32x4.mul
            (v128.load (i32.add (local.get $query) (local.get $j)))
            (v128.load (i32.add (local.get $row) (local.get $j))))))
          (local.set $b (f32x4.add (local.get $b) (f32x4.mul
            (v128.load offset=16 (i32.add (local.get $query) (local.get $j)))
            (v128.load offset=16 (i32.add (local.get $row) (local.get $j))))))
          (local.set $c (f32x4.add (local.get $c) (f32x4.mul
            (v128.load offset=32 (i32.add (local.get $query) (local.get $j)))
            (v128.load offset=32 (i32.add (local.get $row) (local.get $j))))))
          (local.set $d (f32x4.add (local.get $d) (f32x4.mul
            (v128.load offset=48 (i32.add (local.get $query) (local.get $j)))
            (v128.load offset=48 (i32.add (local.get $row) (local.get $j))))))
          (local.set $j (i32.add (local.get $j) (i32.const 64)))
          (br_if $each_block (i32.lt_u (local.get $j) (local.get $bytes))))
        (local.set $a (f32x4.add (f32x4.add (local.get $a) (local.get $b)) (f32x4.add (local.get $c) (local.get $d))))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 1 (local.get $a)))
            (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))
        (local.set $row (i32.add (local.get $row) (local.get $bytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each_row)))))

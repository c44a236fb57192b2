//! Reading order of a page's blocks from their geometry (Breuel's topological ordering).

use std::collections::BinaryHeap;

use pactes_doc::BBox;

use super::blocks::{x_overlap, RawBlock};

/// Reading order of blocks (Breuel): `a` before `b` when they overlap horizontally and `a` is
/// above, or when `a` is left of `b` and no block between them vertically spans both.
pub(crate) fn reading_order(blocks: &[RawBlock]) -> Vec<usize> {
    let n = blocks.len();
    if n <= 1 {
        return (0..n).collect();
    }
    let bb: Vec<BBox> = blocks.iter().map(|b| b.bbox).collect();
    let cy = |b: &BBox| (b.y0 + b.y1) / 2.0;
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    let tol = 1.0;
    let exhaustive = n <= 400;
    for a in 0..n {
        for b in 0..n {
            if a == b {
                continue;
            }
            let (pa, pb) = (&bb[a], &bb[b]);
            let before = if x_overlap(pa, pb) > tol {
                cy(pa) < cy(pb) || (cy(pa) == cy(pb) && a < b)
            } else if pa.x1 <= pb.x0 + tol && exhaustive {
                let (lo, hi) = (pa.y0.min(pb.y0), pa.y1.max(pb.y1));
                let _ = (lo, hi);
                let (ylo, yhi) = if cy(pa) < cy(pb) {
                    (pa.y1, pb.y0)
                } else {
                    (pb.y1, pa.y0)
                };
                !(0..n).any(|c| {
                    c != a
                        && c != b
                        && x_overlap(&bb[c], pa) > tol
                        && x_overlap(&bb[c], pb) > tol
                        && cy(&bb[c]) > ylo.min(yhi)
                        && cy(&bb[c]) < ylo.max(yhi)
                })
            } else {
                false
            };
            if before {
                succ[a].push(b);
                indeg[b] += 1;
            }
        }
    }
    // Kahn's algorithm, smallest (top, left) first; cycles broken the same way.
    let key = |i: usize| {
        (
            std::cmp::Reverse(ord_f32(bb[i].y0)),
            std::cmp::Reverse(ord_f32(bb[i].x0)),
            std::cmp::Reverse(i),
        )
    };
    let mut heap: BinaryHeap<_> = (0..n).filter(|&i| indeg[i] == 0).map(key).collect();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = match heap.pop() {
            Some((_, _, std::cmp::Reverse(i))) => i,
            None => match (0..n).filter(|&i| !done[i]).min_by_key(|&i| {
                let k = key(i);
                (k.0 .0, k.1 .0, i)
            }) {
                Some(i) => i,
                None => break,
            },
        };
        if done[next] {
            continue;
        }
        done[next] = true;
        order.push(next);
        for &s in &succ[next] {
            indeg[s] = indeg[s].saturating_sub(1);
            if indeg[s] == 0 && !done[s] {
                heap.push(key(s));
            }
        }
    }
    order
}

fn ord_f32(f: f32) -> i64 {
    (f * 100.0).round() as i64
}

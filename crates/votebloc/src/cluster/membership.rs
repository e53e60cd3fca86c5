//! The one canonical numbering of a partition, shared by Leiden, the consensus and the linfa
//! methods, so that two runs (or two methods) finding the same groups give the same vector.

/// Renumbers group labels canonically: groups `0..` by decreasing size, ties by their
/// smallest member (node) index. Labels may be any ordered values; two labelings of the same
/// partition give the same result. These are *indices* (they index per-group tables); the
/// blocs of an analysis are these plus one (numbered from 1, see
/// [`Analysis::blocs`](crate::analysis::Analysis::blocs)).
///
/// # Complexity
/// O(n log n).
///
/// # Examples
/// ```
/// use votebloc::cluster::canonical_membership;
/// assert_eq!(canonical_membership(&[9u32, 4, 4, 7, 7]), vec![2, 0, 0, 1, 1]);
/// assert_eq!(canonical_membership(&[7usize, 3, 3, 9, 7, 3]), vec![1, 0, 0, 2, 1, 0]);
/// ```
pub fn canonical_membership<L: Copy + Ord>(labels: &[L]) -> Vec<u32> {
    let mut distinct = labels.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let dense: Vec<usize> = labels
        .iter()
        .map(|label| distinct.binary_search(label).unwrap_or_default())
        .collect();
    let count = distinct.len();
    let mut size = vec![0usize; count];
    let mut first_node = vec![usize::MAX; count];
    for (node, &group) in dense.iter().enumerate() {
        size[group] += 1;
        first_node[group] = first_node[group].min(node);
    }
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_unstable_by_key(|&group| (std::cmp::Reverse(size[group]), first_node[group]));
    let mut rank = vec![0u32; count];
    for (position, &group) in order.iter().enumerate() {
        rank[group] = position as u32;
    }
    dense.iter().map(|&group| rank[group]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_numbering_by_size_then_smallest_node() {
        assert_eq!(canonical_membership::<u32>(&[]), Vec::<u32>::new());
        assert_eq!(canonical_membership(&[5u32, 5, 5]), vec![0, 0, 0]);
        // Sizes: label 3 → 2 nodes (first node 1), label 8 → 2 nodes (first 3), label 1 → 1.
        assert_eq!(
            canonical_membership(&[1u32, 3, 3, 8, 8]),
            vec![2, 0, 0, 1, 1]
        );
        assert_eq!(
            canonical_membership(&[u32::MAX, 0, u32::MAX]),
            vec![0, 1, 0]
        );
        assert_eq!(
            canonical_membership(&[4usize, 4, 1, 1, 0]),
            vec![0, 0, 1, 1, 2]
        );
        assert_eq!(
            canonical_membership(&[1usize, 1, 4, 4, 0]),
            vec![0, 0, 1, 1, 2]
        );
        assert_eq!(
            canonical_membership(&[2usize, 0, 0, 1, 1, 1]),
            vec![2, 1, 1, 0, 0, 0]
        );
    }
}

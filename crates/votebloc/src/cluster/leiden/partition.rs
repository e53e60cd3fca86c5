//! The result of community detection and its canonical numbering.

use crate::cluster::csr::CsrGraph;

/// A partition of the nodes of a graph into communities, with its quality.
///
/// Communities are numbered canonically: by size, largest first (0), ties by their smallest
/// node index. Two partitions with the same communities therefore have the same `membership`.
///
/// # Examples
///
/// ```
/// use votebloc::cluster::leiden::Partition;
/// let partition = Partition { membership: vec![0, 1, 0, 2], quality: 0.1 };
/// assert_eq!(partition.community_count(), 3);
/// assert_eq!(partition.community_sizes(), vec![2, 1, 1]);
/// assert_eq!(partition.communities(), vec![vec![0, 2], vec![1], vec![3]]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Partition {
    /// Community of each node, `0..community_count()`.
    pub membership: Vec<u32>,
    /// Quality under the objective that produced the partition.
    pub quality: f64,
}

impl Partition {
    /// Number of communities.
    pub fn community_count(&self) -> usize {
        self.membership
            .iter()
            .max()
            .map_or(0, |&largest| largest as usize + 1)
    }

    /// Number of nodes of each community, by community (non-increasing).
    pub fn community_sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.community_count()];
        for &community in &self.membership {
            sizes[community as usize] += 1;
        }
        sizes
    }

    /// The nodes of each community, in increasing order, by community.
    pub fn communities(&self) -> Vec<Vec<usize>> {
        let mut communities = vec![Vec::new(); self.community_count()];
        for (node, &community) in self.membership.iter().enumerate() {
            communities[community as usize].push(node);
        }
        communities
    }
}

/// Labels the connected parts of each community: nodes get the same label when a path inside their
/// community joins them. Labels are numbered in order of each part's smallest node.
///
/// # Complexity
///
/// O(n + m).
fn connected_parts(graph: &CsrGraph, membership: &[u32]) -> (Vec<u32>, usize) {
    let node_count = graph.node_count();
    let mut part = vec![u32::MAX; node_count];
    let mut stack = Vec::new();
    let mut count = 0usize;
    for start in 0..node_count {
        if part[start] != u32::MAX {
            continue;
        }
        part[start] = count as u32;
        stack.push(start);
        while let Some(node) = stack.pop() {
            for &neighbour in graph.neighbour_indices(node) {
                let neighbour = neighbour as usize;
                if part[neighbour] == u32::MAX && membership[neighbour] == membership[node] {
                    part[neighbour] = count as u32;
                    stack.push(neighbour);
                }
            }
        }
        count += 1;
    }
    (part, count)
}

/// The communities (labels of `membership`, in increasing order) whose nodes are not all
/// joined by paths inside the community. Empty when every community is connected.
///
/// `membership` must have one label per node of `graph`.
///
/// # Complexity
///
/// O(n log n + m).
///
/// # Examples
///
/// ```
/// use votebloc::cluster::csr::CsrGraph;
/// use votebloc::cluster::leiden::disconnected_communities;
/// let graph = CsrGraph::from_edges(3, &[(0, 1, 1.0)]).unwrap();
/// assert!(disconnected_communities(&graph, &[0, 0, 1]).is_empty());
/// assert_eq!(disconnected_communities(&graph, &[0, 1, 0]), vec![0]);
/// ```
pub fn disconnected_communities(graph: &CsrGraph, membership: &[u32]) -> Vec<u32> {
    let (part, _) = connected_parts(graph, membership);
    let mut pairs: Vec<(u32, u32)> = membership.iter().copied().zip(part).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut disconnected: Vec<u32> = pairs
        .windows(2)
        .filter(|window| window[0].0 == window[1].0)
        .map(|window| window[0].0)
        .collect();
    disconnected.dedup();
    disconnected
}

/// Splits every disconnected community into its connected parts; true when something split.
pub(crate) fn split_disconnected(graph: &CsrGraph, membership: &mut [u32]) -> bool {
    let (part, count) = connected_parts(graph, membership);
    let mut distinct = membership.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if count == distinct.len() {
        return false;
    }
    membership.copy_from_slice(&part);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_accessors() {
        let partition = Partition {
            membership: vec![0, 1, 0, 0, 1, 2],
            quality: 0.25,
        };
        assert_eq!(partition.community_count(), 3);
        assert_eq!(partition.community_sizes(), vec![3, 2, 1]);
        assert_eq!(
            partition.communities(),
            vec![vec![0, 2, 3], vec![1, 4], vec![5]]
        );
    }

    #[test]
    fn split_disconnected_parts() {
        // Path 0–1–2 and edge 3–4; community 0 = {0, 2, 3} is in three pieces.
        let graph = CsrGraph::from_edges(5, &[(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0)]).unwrap();
        let mut membership = vec![0, 1, 0, 0, 1];
        assert_eq!(disconnected_communities(&graph, &membership), vec![0, 1]);
        assert!(split_disconnected(&graph, &mut membership));
        assert_eq!(membership, vec![0, 1, 2, 3, 4]);
        let mut connected = vec![0, 0, 0, 1, 1];
        assert!(disconnected_communities(&graph, &connected).is_empty());
        assert!(!split_disconnected(&graph, &mut connected));
        assert_eq!(connected, vec![0, 0, 0, 1, 1]);
    }
}

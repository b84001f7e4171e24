//! The short lists CORS keeps while deciding (a preflight's allowed methods
//! and names, a response's exposed names, a request's unsafe names): up to
//! `N` items in place, so the usual few allocate nothing, and any number
//! on the heap.

/// Up to `N` items in place, then all of them on the heap. A slice by
/// `Deref`.
#[derive(Clone)]
pub(crate) struct InlineVec<T: Copy, const N: usize> {
    /// The items while there are at most `N`; what lies past `len` is
    /// filler.
    inline: [T; N],
    len: usize,
    /// Every item once there are more than `N`; else empty.
    heap: Vec<T>,
}

impl<T: Copy, const N: usize> InlineVec<T, N> {
    /// An empty list; `fill` only takes up the unused places.
    pub(crate) fn new(fill: T) -> Self {
        InlineVec {
            inline: [fill; N],
            len: 0,
            heap: Vec::new(),
        }
    }

    /// The items of `items`, kept in place when there are at most `N`
    /// (`fill` as for [`InlineVec::new`]), else in `items` itself.
    pub(crate) fn from_vec(items: Vec<T>, fill: T) -> Self {
        if items.len() > N {
            return InlineVec {
                inline: [fill; N],
                len: items.len(),
                heap: items,
            };
        }
        let mut list = InlineVec::new(fill);
        items.iter().for_each(|&item| list.push(item));
        list
    }

    // In line: the token-list parser pushes every item of a 1 MiB list.
    #[inline]
    pub(crate) fn push(&mut self, item: T) {
        if self.len < N {
            self.inline[self.len] = item;
        } else {
            if self.len == N {
                self.heap.reserve(2 * N);
                self.heap.extend_from_slice(&self.inline);
            }
            self.heap.push(item);
        }
        self.len += 1;
    }

    /// Removes each item for which `same` holds with the last one kept
    /// before it: repeats, in a sorted list.
    pub(crate) fn dedup_by(&mut self, same: impl Fn(T, T) -> bool) {
        let items = &mut **self;
        let mut kept = 0;
        for i in 0..items.len() {
            if kept == 0 || !same(items[kept - 1], items[i]) {
                items[kept] = items[i];
                kept += 1;
            }
        }
        if self.len > N {
            self.heap.truncate(kept);
            if kept <= N {
                self.inline[..kept].copy_from_slice(&self.heap);
                self.heap = Vec::new();
            }
        }
        self.len = kept;
    }

    /// The items as a `Vec`: the heap list itself when there are more
    /// than `N`, so a long list is not copied.
    pub(crate) fn into_vec(self) -> Vec<T> {
        if self.len > N {
            self.heap
        } else {
            self.inline[..self.len].to_vec()
        }
    }
}

impl<T: Copy, const N: usize> std::ops::Deref for InlineVec<T, N> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        if self.len > N {
            &self.heap
        } else {
            &self.inline[..self.len]
        }
    }
}

impl<T: Copy, const N: usize> std::ops::DerefMut for InlineVec<T, N> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        if self.len > N {
            &mut self.heap
        } else {
            &mut self.inline[..self.len]
        }
    }
}

impl<T: Copy + std::fmt::Debug, const N: usize> std::fmt::Debug for InlineVec<T, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Across the move to the heap and back: pushing, building from a
    /// `Vec`, removing repeats, and the `Vec` handed back all agree with a
    /// plain `Vec`.
    #[test]
    fn agrees_with_a_vec() {
        for n in 0..=12u8 {
            let items: Vec<u8> = (0..n).map(|i| i / 3).collect();
            let mut pushed = InlineVec::<u8, 4>::new(0);
            items.iter().for_each(|&i| pushed.push(i));
            let built = InlineVec::<u8, 4>::from_vec(items.clone(), 0);
            assert_eq!(&pushed[..], &items[..]);
            assert_eq!(&built[..], &items[..]);
            let mut expected = items.clone();
            expected.dedup();
            for mut list in [pushed, built] {
                list.dedup_by(|a, b| a == b);
                assert_eq!(&list[..], &expected[..], "n {n}");
                list.push(9);
                assert_eq!(list.last(), Some(&9));
                assert_eq!(list.len(), expected.len() + 1);
                let mut with_nine = expected.clone();
                with_nine.push(9);
                assert_eq!(list.into_vec(), with_nine);
            }
        }
    }
}

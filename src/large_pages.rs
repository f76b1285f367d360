//! Large pages for the largest table a start fills: the states read from the snapshot (4.8 MB
//! at 100,000 items). Each ordinary page touched for the first time costs a fault and a cleared
//! page; a large page (2 MiB on x86-64 Linux) stands for 512 of them. It is only advice: where
//! the system has none to give, or another system, nothing changes.

/// Asks for large pages under the room of `v` (the whole large pages inside it).
pub fn advise<T>(v: &mut Vec<T>) {
    #[cfg(target_os = "linux")]
    {
        const LARGE: usize = 2 << 20;
        let start = v.as_mut_ptr() as usize;
        let end = start + v.capacity() * std::mem::size_of::<T>();
        let (first, last) = (start.next_multiple_of(LARGE), end / LARGE * LARGE);
        if last > first {
            // SAFETY: the range lies within memory `v` owns, and this advice changes neither
            // what that memory holds nor whether it may be read or written.
            let _ = unsafe {
                rustix::mm::madvise(
                    first as *mut std::ffi::c_void,
                    last - first,
                    rustix::mm::Advice::LinuxHugepage,
                )
            };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = v;
}

#[cfg(test)]
mod tests {
    #[test]
    fn advice_leaves_what_a_vector_holds_and_may_hold() {
        for room in [0usize, 10, 3 << 20] {
            let mut v: Vec<u64> = (0..room as u64 / 2).collect();
            v.reserve_exact(room - v.len());
            let before = (v.len(), v.capacity());
            super::advise(&mut v);
            assert_eq!((v.len(), v.capacity()), before);
            assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64));
            v.extend(0..(room - v.len()) as u64);
            assert_eq!(v.len(), room);
        }
    }
}

"""A FUSE filesystem that loses, at a power cut, every write that was not fsynced.

    python powercut.py BACKING MOUNTPOINT

Mounts MOUNTPOINT as a pass-through view of the folder BACKING, except for file data:
what a process writes to a file (write, truncate) is held in this process's memory until
that file is fsynced (fsync or fdatasync, from any descriptor of it); only then is it
written to BACKING. Reads see the held data, so a process reads its own writes. Memory-
mapped files work too (the mount does not use direct I/O, so SQLite's `-shm` is mapped
through the kernel's page cache and its dirty pages come here as writes).

A power cut is: stop every process using the mount, then unmount it (`umount MOUNTPOINT`,
as root). This daemon exits with the mount and writes nothing of what it held: what was
never fsynced is gone, and the kernel's page cache of the mount goes with it. Mounting
again over BACKING shows what a machine would find after the power came back — in the
worst case, where the kernel had written back nothing on its own (as LazyFS models it).

Names are not held: creating, renaming, linking and removing files and folders reach
BACKING at once, as if every such change were followed by an fsync of its folder. So this
finds data not synced before the power went (a file renamed into place before its data
was synced comes back empty or short), but not a rename or a new file whose folder was
never synced. Fsyncing a folder does nothing here, and nothing is needed of it.

Held data is keyed by the backing file's inode, so it follows the file through renames
and hard links, and is dropped when the last name of the file goes. Every operation runs
under one lock: this is a test fixture, and simple beats fast.

Needs libfuse 2 (Debian's `libfuse2`) and `fusepy` (pinned in .ci/run), and root to
mount and unmount. Prints "mounted" on standard output once the mount answers.
"""

import errno
import os
import sys
import threading

from fuse import FUSE, FuseOSError, Operations

BLOCK = 4096


class Held:
    """A file's writes that were not yet fsynced.

    `size` is the file's size as readers see it; `blocks` the changed 4 KiB blocks, whole;
    `cut_from`, when a truncate shrank the file, the offset past which the backing file's
    bytes no longer count (they read as zeros until written again).
    """

    def __init__(self, size):
        self.size = size
        self.blocks = {}
        self.cut_from = None


class PowerCut(Operations):
    use_ns = True

    def __init__(self, backing):
        self.backing = os.path.realpath(backing)
        self.held = {}
        self.mutex = threading.Lock()

    def __call__(self, op, *args):
        with self.mutex:
            return super().__call__(op, *args)

    def real(self, path):
        return os.path.join(self.backing, path.lstrip("/"))

    # What a reader sees.

    def backing_block(self, fd, held, index):
        """Block `index` of the backing file, as it counts under `held`."""
        data = os.pread(fd, BLOCK, index * BLOCK)
        if held.cut_from is not None:
            data = data[: max(0, held.cut_from - index * BLOCK)]
        return data + bytes(BLOCK - len(data))

    def block(self, fd, held, index):
        found = held.blocks.get(index)
        if found is not None:
            return found
        return self.backing_block(fd, held, index)

    def getattr(self, path, fh=None):
        st = os.fstat(fh) if fh is not None else os.lstat(self.real(path))
        attrs = {
            key: getattr(st, key)
            for key in (
                "st_mode",
                "st_nlink",
                "st_uid",
                "st_gid",
                "st_size",
                "st_atime_ns",
                "st_mtime_ns",
                "st_ctime_ns",
                "st_ino",
                "st_blocks",
            )
        }
        for key in ("st_atime", "st_mtime", "st_ctime"):
            attrs[key] = attrs.pop(key + "_ns")
        held = self.held.get(st.st_ino)
        if held is not None:
            attrs["st_size"] = held.size
            attrs["st_blocks"] = (held.size + 511) // 512
        return attrs

    def read(self, path, size, offset, fh):
        held = self.held.get(os.fstat(fh).st_ino)
        if held is None:
            return os.pread(fh, size, offset)
        end = min(offset + size, held.size)
        out = bytearray()
        position = offset
        while position < end:
            index, within = divmod(position, BLOCK)
            take = min(BLOCK - within, end - position)
            out += self.block(fh, held, index)[within : within + take]
            position += take
        return bytes(out)

    # Writes: held until fsync.

    def held_for(self, fh):
        st = os.fstat(fh)
        held = self.held.get(st.st_ino)
        if held is None:
            held = self.held[st.st_ino] = Held(st.st_size)
        return held

    def write(self, path, data, offset, fh):
        held = self.held_for(fh)
        position, end = offset, offset + len(data)
        # Bytes between the old end and a write past it read as zeros.
        if offset > held.size:
            self.zero_tail(fh, held, held.size)
        while position < end:
            index, within = divmod(position, BLOCK)
            take = min(BLOCK - within, end - position)
            block = held.blocks.get(index)
            if block is None:
                block = held.blocks[index] = bytearray(self.block(fh, held, index))
            block[within : within + take] = data[position - offset : position - offset + take]
            position += take
        held.size = max(held.size, end)
        return len(data)

    def zero_tail(self, fh, held, length):
        """Makes everything from `length` on read as zeros until written again."""
        for index in [i for i in held.blocks if i * BLOCK >= length]:
            del held.blocks[index]
        index, within = divmod(length, BLOCK)
        if within:
            block = held.blocks.get(index)
            if block is None:
                block = held.blocks[index] = bytearray(self.block(fh, held, index))
            block[within:] = bytes(BLOCK - within)
        held.cut_from = length if held.cut_from is None else min(held.cut_from, length)

    def truncate(self, path, length, fh=None):
        if fh is None:
            fd = os.open(self.real(path), os.O_RDONLY)
            try:
                self.truncate_fd(fd, length)
            finally:
                os.close(fd)
        else:
            self.truncate_fd(fh, length)

    def truncate_fd(self, fd, length):
        held = self.held_for(fd)
        if length < held.size:
            self.zero_tail(fd, held, length)
        elif length > held.size:
            self.zero_tail(fd, held, held.size)
        held.size = length

    def fsync(self, path, datasync, fh):
        held = self.held.pop(os.fstat(fh).st_ino, None)
        if held is None:
            return 0
        if held.cut_from is not None:
            os.ftruncate(fh, held.cut_from)
        for index, block in sorted(held.blocks.items()):
            start = index * BLOCK
            if start < held.size:
                os.pwrite(fh, bytes(block[: held.size - start]), start)
        os.ftruncate(fh, held.size)
        # BACKING outlives this daemon, which is all a power cut here takes away: no need
        # to wait for the real disk.
        return 0

    def fsyncdir(self, path, datasync, fh):
        return 0

    # Open files: every backing descriptor can write, so a fsync through a descriptor
    # opened for reading (which is allowed) can write the held data out.

    def open(self, path, flags):
        fd = os.open(self.real(path), os.O_RDWR)
        if flags & os.O_TRUNC:
            self.truncate_fd(fd, 0)
        return fd

    def create(self, path, mode, fi=None):
        fd = os.open(self.real(path), os.O_RDWR | os.O_CREAT, mode)
        st = os.fstat(fd)
        if st.st_size == 0 and st.st_nlink == 1:
            # A new file; an inode number reused from a removed one holds nothing.
            self.held.pop(st.st_ino, None)
        return fd

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        os.close(fh)
        return 0

    # Names: at once.

    def unlink(self, path):
        real = self.real(path)
        st = os.lstat(real)
        os.unlink(real)
        if st.st_nlink <= 1:
            self.held.pop(st.st_ino, None)

    def rename(self, old, new):
        source, target = self.real(old), self.real(new)
        try:
            replaced = os.lstat(target)
        except FileNotFoundError:
            replaced = None
        os.rename(source, target)
        if (
            replaced is not None
            and replaced.st_ino != os.lstat(target).st_ino
            and replaced.st_nlink <= 1
        ):
            self.held.pop(replaced.st_ino, None)

    def link(self, target, source):
        os.link(self.real(source), self.real(target))

    def symlink(self, target, source):
        os.symlink(source, self.real(target))

    def readlink(self, path):
        return os.readlink(self.real(path))

    def mkdir(self, path, mode):
        os.mkdir(self.real(path), mode)

    def rmdir(self, path):
        os.rmdir(self.real(path))

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self.real(path))

    def chmod(self, path, mode):
        os.chmod(self.real(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self.real(path), uid, gid)

    def utimens(self, path, times=None):
        os.utime(self.real(path), ns=times)

    def access(self, path, amode):
        if not os.access(self.real(path), amode):
            raise FuseOSError(errno.EACCES)

    def statfs(self, path):
        st = os.statvfs(self.real(path))
        return {
            key: getattr(st, key)
            for key in (
                "f_bsize",
                "f_frsize",
                "f_blocks",
                "f_bfree",
                "f_bavail",
                "f_files",
                "f_ffree",
                "f_favail",
                "f_flag",
                "f_namemax",
            )
        }

    def init(self, path):
        print("mounted", flush=True)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: powercut.py BACKING MOUNTPOINT")
    backing, mountpoint = sys.argv[1:]
    try:
        FUSE(
            PowerCut(backing),
            mountpoint,
            foreground=True,
            fsname="powercut",
            subtype="powercut",
            big_writes=True,
        )
    except RuntimeError:
        # The kernel may end the connection to an unmounted filesystem with ECONNABORTED
        # rather than ENODEV ("fuse: reading device: Software caused connection abort"),
        # which libfuse 2 reports as a failure. Once the folder is unmounted, it is the
        # power cut the harness asked for; while it is still mounted, it is a real error.
        if os.path.ismount(mountpoint):
            raise


if __name__ == "__main__":
    main()

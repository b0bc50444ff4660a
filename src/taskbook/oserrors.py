"""Operating-system errors in the words of the people who meet them.

Python's ``strerror`` is English ("Is a directory", "Permission denied"); a work group
reads Chinese. :func:`reason` says what went wrong and, where it can, what to do.
"""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ELOOP: "符号链接（快捷方式）形成了循环",
    errno.ENAMETOOLONG: "路径太长",
    errno.EIO: "读写时发生输入输出错误（磁盘或网络驱动器可能有故障）",
    errno.ENOSPC: "磁盘空间已满",
    errno.EROFS: "文件系统是只读的",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "系统同时打开的文件太多",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ETIMEDOUT: "访问超时（网络驱动器可能断开了）",
    errno.ENXIO: "设备不存在或没有连接",
    errno.ENODEV: "设备不存在",
    errno.EAGAIN: "暂时无法读取（文件被锁定或是管道）",
}


def reason(error: OSError) -> str:
    """A Chinese phrase for ``error`` (the English text stays beside it for unknown ones)."""
    known = _REASONS.get(error.errno) if error.errno is not None else None
    if known is not None:
        return known
    name = errno.errorcode.get(error.errno, "") if error.errno is not None else ""
    detail = error.strerror or str(error) or type(error).__name__
    return f"系统错误{f' {name}' if name else ''}：{detail}"


__all__ = ["reason"]

/* SPDX-License-Identifier: MIT */
#include "fs/fs.h"

#include <string.h>

#include "fs/cpio.h"
#include "base/errno.h"
#include "mm/kmalloc.h"
#include "base/printk.h"

static struct spinlock fs_lock;
static struct inode *fs_head;

static struct inode *fs_lookup_locked(const char *path)
{
	for (struct inode *i = fs_head; i; i = i->next)
		if (!strcmp(i->name, path))
			return i;
	return 0;
}

static int fs_valid_path(const char *path)
{
	size_t n = strlen(path);

	return path[0] == '/' && n > 1 && n < GK_NAME_MAX;
}

static struct inode *fs_create_locked(const char *path)
{
	struct inode *i = kmalloc(sizeof(*i));

	if (!i)
		return 0;
	strcpy(i->name, path);
	i->refs = 1;
	i->linked = 1;
	i->next = fs_head;
	fs_head = i;
	return i;
}

int fs_open(const char *path, int flags, struct inode **out)
{
	if (!fs_valid_path(path))
		return -ENOENT;
	unsigned long f = spin_lock_irqsave(&fs_lock);
	struct inode *i = fs_lookup_locked(path);
	if (!i) {
		if (!(flags & O_CREAT)) {
			spin_unlock_irqrestore(&fs_lock, f);
			return -ENOENT;
		}
		i = fs_create_locked(path);
		if (!i) {
			spin_unlock_irqrestore(&fs_lock, f);
			return -ENOMEM;
		}
	}
	i->refs++;
	spin_unlock_irqrestore(&fs_lock, f);
	if ((flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY)
		fs_truncate(i);
	*out = i;
	return 0;
}

static void fs_free(struct inode *i)
{
	kfree(i->data);
	kfree(i);
}

void fs_put(struct inode *i)
{
	unsigned long f = spin_lock_irqsave(&fs_lock);
	uint32_t left = --i->refs;

	spin_unlock_irqrestore(&fs_lock, f);
	if (!left)
		fs_free(i);
}

int fs_unlink(const char *path)
{
	unsigned long f = spin_lock_irqsave(&fs_lock);
	struct inode **pp = &fs_head;

	while (*pp && strcmp((*pp)->name, path))
		pp = &(*pp)->next;
	struct inode *i = *pp;
	if (!i) {
		spin_unlock_irqrestore(&fs_lock, f);
		return -ENOENT;
	}
	*pp = i->next;
	i->linked = 0;
	uint32_t left = --i->refs;
	spin_unlock_irqrestore(&fs_lock, f);
	if (!left)
		fs_free(i);
	return 0;
}

int fs_list(uint64_t index, struct gk_dirent *d)
{
	unsigned long f = spin_lock_irqsave(&fs_lock);
	struct inode *i = fs_head;

	/* newest first in the table; list oldest first */
	uint64_t n = 0;
	for (struct inode *j = fs_head; j; j = j->next)
		n++;
	if (index >= n) {
		spin_unlock_irqrestore(&fs_lock, f);
		return 0;
	}
	for (uint64_t k = 0; k < n - 1 - index; k++)
		i = i->next;
	memset(d, 0, sizeof(*d));
	strcpy(d->name, i->name);
	d->size = i->size;
	spin_unlock_irqrestore(&fs_lock, f);
	return 1;
}

long fs_read(struct inode *i, uint64_t off, void *buf, uint64_t len)
{
	unsigned long f = spin_lock_irqsave(&i->lock);

	if (off >= i->size) {
		spin_unlock_irqrestore(&i->lock, f);
		return 0;
	}
	if (len > i->size - off)
		len = i->size - off;
	memcpy(buf, i->data + off, len);
	spin_unlock_irqrestore(&i->lock, f);
	return (long)len;
}

long fs_write(struct inode *i, uint64_t off, const void *buf, uint64_t len)
{
	if (off > FS_FILE_MAX || len > FS_FILE_MAX - off)
		return -EFBIG;
	unsigned long f = spin_lock_irqsave(&i->lock);
	uint64_t end = off + len;
	if (end > i->cap) {
		uint64_t cap = i->cap ? i->cap : 64;
		while (cap < end)
			cap *= 2;
		uint8_t *d = kmalloc(cap);
		if (!d) {
			spin_unlock_irqrestore(&i->lock, f);
			return -ENOSPC;
		}
		memcpy(d, i->data, i->size);
		kfree(i->data);
		i->data = d;
		i->cap = cap;
	}
	if (off > i->size)
		memset(i->data + i->size, 0, off - i->size);
	memcpy(i->data + off, buf, len);
	if (end > i->size)
		i->size = end;
	spin_unlock_irqrestore(&i->lock, f);
	return (long)len;
}

void fs_truncate(struct inode *i)
{
	unsigned long f = spin_lock_irqsave(&i->lock);

	i->size = 0;
	spin_unlock_irqrestore(&i->lock, f);
}

const uint8_t *fs_data(struct inode *i, uint64_t *size)
{
	*size = i->size;
	return i->data;
}

int fs_seed_cpio(const void *buf, uint64_t len)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int n = 0, r;
	char path[GK_NAME_MAX];

	cpio_iter_init(&it, buf, len);
	while ((r = cpio_next(&it, &e)) > 0) {
		if ((e.mode & CPIO_MODE_TYPE) != CPIO_MODE_REG)
			continue;
		const char *nm = e.name;
		while (nm[0] == '.' && nm[1] == '/')
			nm += 2;
		while (*nm == '/')
			nm++;
		if (strlen(nm) + 2 > sizeof(path)) {
			kprintf("fs: skipping %s: name too long\n", e.name);
			continue;
		}
		path[0] = '/';
		strcpy(path + 1, nm);
		struct inode *i;
		int err = fs_open(path, O_CREAT | O_TRUNC | O_WRONLY, &i);
		if (err)
			return err;
		long w = fs_write(i, 0, e.data, e.size);
		fs_put(i);
		if (w < 0)
			return (int)w;
		n++;
	}
	return r < 0 ? r : n;
}

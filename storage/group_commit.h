// Private to storage/: group commit. Many threads' turns are written in one
// transaction, so one durable commit (one fsync of the log) serves all of them,
// and no caller is answered before the transaction holding its turn is durable.
//
// The scheme is LevelDB's DBImpl::Write: callers queue; the one at the front of
// the queue is the leader and commits itself and the callers behind it (up to
// max_group) by calling the store's commit function, on its own thread, with no
// queue lock held; meanwhile new callers queue up for the next group. When the
// group is done the leader wakes each member with its own status and hands the
// lead to the new front of the queue. No thread of its own, nothing to stop: a
// group is as large as the turns that arrived while the previous one committed,
// so a lone turn commits at once and a busy server commits in large groups.
//
// Thread-safety: Commit may be called from any number of threads at once; the
// commit function is never run by two threads at a time.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "storage/records.h"

namespace careerbot::storage {

class GroupCommit {
 public:
  // One caller's turn, as the commit function sees it.
  struct Member {
    const TurnWrite* turn;
    int64_t* client_id;  // may be null; set as Store::CommitTurn documents
    Status status;       // the commit function sets it
  };
  // Writes the group in one transaction (each member's writes all or nothing,
  // independently of the others'), makes it durable, and sets every member's
  // status; a failure of the transaction itself fails every member.
  using CommitFunction = std::function<void(const std::vector<Member*>& group)>;

  GroupCommit(CommitFunction commit, size_t max_group)
      : commit_(std::move(commit)), max_group_(max_group < 1 ? 1 : max_group) {}

  // Blocks until the turn's group has been committed; returns the turn's status.
  Status Commit(const TurnWrite& turn, int64_t* client_id) {
    Waiter self(Member{&turn, client_id, Status::Ok()});
    std::unique_lock lock(mu_);
    queue_.push_back(&self);
    while (!self.done && queue_.front() != &self) self.cv.wait(lock);
    if (self.done) return self.member.status;

    // The leader: take the group, commit it without the lock.
    std::vector<Member*> group;
    for (Waiter* w : queue_) {
      if (group.size() == max_group_) break;
      group.push_back(&w->member);
    }
    lock.unlock();
    try {
      commit_(group);
    } catch (const std::exception& e) {
      // The members must still be woken; nothing is known to be durable.
      for (Member* m : group) m->status = Status::Internal(std::string("commit turn: ") + e.what());
    }
    lock.lock();
    for (size_t i = 0; i < group.size(); ++i) {
      Waiter* w = queue_.front();
      queue_.pop_front();
      if (w != &self) {
        w->done = true;
        w->cv.notify_one();
      }
    }
    if (!queue_.empty()) queue_.front()->cv.notify_one();
    return self.member.status;
  }

 private:
  struct Waiter {
    explicit Waiter(Member m) : member(std::move(m)) {}
    Member member;
    bool done = false;
    std::condition_variable cv;
  };

  const CommitFunction commit_;
  const size_t max_group_;
  std::mutex mu_;
  std::deque<Waiter*> queue_;  // the front is the leader; waiters live on their callers' stacks
};

}  // namespace careerbot::storage

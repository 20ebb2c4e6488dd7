#include "gateway/body_pipe.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace ccrm::gateway {
namespace {

TEST(BodyPipeTest, BytesComeOutInOrderAndTheEndIsFalse) {
  std::atomic<int> wakes{0};
  BodyPipe pipe(8, [&] { ++wakes; });
  std::string bytes = "abc";
  pipe.Push(bytes);
  EXPECT_TRUE(bytes.empty());
  bytes = "def";
  pipe.Push(bytes);
  EXPECT_FALSE(pipe.Full());
  bytes = "ghi";
  pipe.Push(bytes);
  EXPECT_TRUE(pipe.Full());  // 9 bytes held, capacity 8
  pipe.Finish();
  std::string chunk = "old";
  ASSERT_TRUE(pipe.Read(chunk));
  EXPECT_EQ(chunk, "abcdefghi");
  EXPECT_EQ(wakes.load(), 1);  // the producer was held back and may go on
  EXPECT_FALSE(pipe.Read(chunk));
  EXPECT_TRUE(chunk.empty());
  EXPECT_FALSE(pipe.Read(chunk));
}

TEST(BodyPipeTest, AFailureIsThrownAfterTheBytesBeforeIt) {
  BodyPipe pipe(1024, [] {});
  std::string bytes = "partial";
  pipe.Push(bytes);
  pipe.Fail(Problem{.status = 408, .title = "Request Timeout", .detail = "stalled"});
  pipe.Finish();  // too late: the failure stands
  std::string chunk;
  ASSERT_TRUE(pipe.Read(chunk));
  EXPECT_EQ(chunk, "partial");
  try {
    pipe.Read(chunk);
    FAIL() << "no failure";
  } catch (const ProblemException& e) {
    EXPECT_EQ(e.problem().status, 408);
  }
  EXPECT_TRUE(pipe.ended());
}

TEST(BodyPipeTest, AbandoningDropsWhatIsHeldAndWakesTheProducer) {
  std::atomic<int> wakes{0};
  BodyPipe pipe(4, [&] { ++wakes; });
  std::string bytes = "0123456789";
  pipe.Push(bytes);
  pipe.Abandon();
  EXPECT_TRUE(pipe.abandoned());
  EXPECT_FALSE(pipe.Full());
  EXPECT_EQ(wakes.load(), 1);
  bytes = "more";
  pipe.Push(bytes);  // ignored
  EXPECT_TRUE(bytes.empty());
  EXPECT_FALSE(pipe.Full());
}

TEST(BodyPipeTest, AReaderWaitsForBytesFromAnotherThread) {
  BodyPipe pipe(64, [] {});
  std::string got;
  std::thread reader([&] {
    std::string chunk;
    while (pipe.Read(chunk)) got += chunk;
  });
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    std::string bytes = std::to_string(i) + ",";
    expected += bytes;
    while (pipe.Full()) std::this_thread::yield();
    pipe.Push(bytes);
  }
  pipe.Finish();
  reader.join();
  EXPECT_EQ(got, expected);
}

}  // namespace
}  // namespace ccrm::gateway

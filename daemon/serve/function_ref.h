// FunctionRef<R(Args...)>: a non-owning reference to a callable, for
// callbacks that are called before the function taking them returns (the
// render callbacks of BodyCache::get and Site::cached). std::function would
// copy each capturing lambda to the heap; these run on every feed request,
// hit or miss, so that was two allocations and two frees per 304. The
// referenced callable must outlive the FunctionRef: pass a lambda directly
// as the argument, never store the FunctionRef. Trivially copyable; as
// thread-safe as the callable it refers to.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

namespace kf::serve {

template <class Signature>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  // Refers to `f`, which must stay alive while this FunctionRef is called.
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, FunctionRef> && std::is_invocable_r_v<R, F&, Args...>)
  FunctionRef(F&& f)  // NOLINT(google-explicit-constructor): used like std::function
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* object, Args... args) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(object))(std::forward<Args>(args)...);
        }) {}

  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

}  // namespace kf::serve

// fb303.thrift -- the "FacebookService" base service that Hive's
// ThriftHiveMetastore extends.
//
// Written for hms from the interface published in Apache Thrift
// (contrib/fb303/if/fb303.thrift): same service name, method names, argument
// ids and types, return types and enum values, so that it matches what Hive
// clients expect on the wire.  `oneway` is the current spelling of the
// original's `async`.  Namespaces do not travel on the wire.

namespace c_glib Hms

// Coarse health of a service, returned by getStatus().
enum fb_status {
  DEAD = 0,
  STARTING = 1,
  ALIVE = 2,
  STOPPING = 3,
  STOPPED = 4,
  WARNING = 5,
}

service FacebookService {

  // Human-readable name of the service.
  string getName()

  // Version string of the service.
  string getVersion()

  // Current fb_status of the service.
  fb_status getStatus()

  // Free-text explanation of the current status.
  string getStatusDetails()

  // All counters, by name.
  map<string, i64> getCounters()

  // One counter (0 when unknown).
  i64 getCounter(1: string key)

  // Set a runtime option.
  void setOption(1: string key, 2: string value)

  // Read a runtime option ("" when unset).
  string getOption(1: string key)

  // All runtime options.
  map<string, string> getOptions()

  // CPU profile over the given number of seconds; format is up to the server.
  string getCpuProfile(1: i32 profileDurationInSec)

  // Unix time (seconds) at which the server started.
  i64 aliveSince()

  // Ask the server to reload its configuration.  No reply is sent.
  oneway void reinitialize()

  // Ask the server to shut down.  No reply is sent.
  oneway void shutdown()
}

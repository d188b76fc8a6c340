#include "data/WorkspaceLayout.h"

#include "data/Workspace.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace synood {

WorkspaceLayout::WorkspaceLayout(std::string dir) : m_dir(std::move(dir)) {}

std::string WorkspaceLayout::workspaceFile() const { return (fs::path(m_dir) / Workspace::kFileName).string(); }
std::string WorkspaceLayout::negativeLabels() const { return (fs::path(m_dir) / "neglabels.json").string(); }
std::string WorkspaceLayout::adapter() const { return (fs::path(m_dir) / "synood.adapter").string(); }
std::string WorkspaceLayout::cacheDir() const { return (fs::path(m_dir) / "cache").string(); }
std::string WorkspaceLayout::cacheFile(const std::string& name) const { return (fs::path(cacheDir()) / (name + ".features")).string(); }
std::string WorkspaceLayout::evaluationCacheDir() const { return (fs::path(cacheDir()) / "evaluation").string(); }
std::string WorkspaceLayout::shardsDir() const { return (fs::path(m_dir) / "shards").string(); }
std::string WorkspaceLayout::shardDir(const std::string& name) const { return (fs::path(shardsDir()) / name).string(); }
std::string WorkspaceLayout::shardName(int index, int count) { return "shard-" + std::to_string(index) + "-of-" + std::to_string(count); }
std::string WorkspaceLayout::masksDir() const { return (fs::path(m_dir) / "masks").string(); }

}  // namespace synood

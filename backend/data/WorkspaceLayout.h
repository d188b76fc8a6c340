#pragma once
// Every file and folder of a workspace, named once. A workspace folder W holds:
//   workspace.sqlite      the samples (data/Workspace; workspace.json: an earlier version's, kept)
//   neglabels.json        the negative labels synthesis mined or was given (+ .features)
//   synood.adapter        the fine-tuned adapter
//   cache/                image features (cache/NAME.features) and the evaluation's cache/evaluation/
//   shards/NAME/          the workspaces of --shard i/N runs (shard-i-of-N), merged by synood synth merge
//   masks/                masks painted in the studio
#include <string>

namespace synood {

class WorkspaceLayout {
public:
    explicit WorkspaceLayout(std::string dir);

    const std::string& dir() const { return m_dir; }
    std::string workspaceFile() const;
    std::string negativeLabels() const;
    std::string adapter() const;
    std::string cacheDir() const;
    std::string cacheFile(const std::string& name) const;  // cache/NAME.features
    std::string evaluationCacheDir() const;
    std::string shardsDir() const;
    std::string shardDir(const std::string& name) const;
    static std::string shardName(int index, int count);  // "shard-i-of-N"
    std::string masksDir() const;

private:
    std::string m_dir;
};

}  // namespace synood

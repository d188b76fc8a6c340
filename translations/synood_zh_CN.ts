<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message numerus="yes">
        <location filename="../widgets/CurationCommands.cpp" line="10"/>
        <source>mark %n sample(s) %1</source>
        <translation><numerusform>将 %n 个样本标为 %1</numerusform></translation>
    </message>
    <message>
        <location filename="../widgets/CurationCommands.cpp" line="36"/>
        <source>remove tag %1</source>
        <translation>移除标签 %1</translation>
    </message>
    <message>
        <location filename="../widgets/CurationCommands.cpp" line="36"/>
        <source>tag %1</source>
        <translation>添加标签 %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/main.cpp" line="71"/>
        <source>SynOOD Studio: synthesize near-boundary OOD samples, curate them, fine-tune CLIP and evaluate OOD detection. Without --workspace it opens the Fashion-MNIST demo workspace.</source>
        <translation>SynOOD Studio：合成边界附近的 OOD 样本，整理样本，微调 CLIP 并评估 OOD 检测。未指定 --workspace 时打开 Fashion-MNIST 演示工作区。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="77"/>
        <source>Open the workspace in &lt;dir&gt;.</source>
        <translation>打开 &lt;dir&gt; 中的工作区。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="81"/>
        <source>Render the main window to the PNG &lt;file&gt; and exit.</source>
        <translation>将主窗口渲染为 PNG 文件 &lt;file&gt; 后退出。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="83"/>
        <source>Compute threads (default: the settings&apos;, else all cores).</source>
        <translation>计算线程数（默认：设置中的值，否则使用全部核心）。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="87"/>
        <source>Compute the embeddings view on start (PCA and the boundary map).</source>
        <translation>启动时计算嵌入视图（PCA 与边界图）。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="93"/>
        <source>Interface language: auto, en or zh_CN (default: the settings, else the system locale).</source>
        <translation>界面语言：auto、en 或 zh_CN（默认：设置中的值，否则跟随系统区域）。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="97"/>
        <source>Show sample &lt;row&gt; in the inspector.</source>
        <translation>在检查器中显示第 &lt;row&gt; 个样本。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="120"/>
        <source>Demo workspace</source>
        <translation>演示工作区</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="134"/>
        <source>Could not open the workspace</source>
        <translation>无法打开工作区</translation>
    </message>
</context>
<context>
    <name>synood::studio::MainWindow</name>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="50"/>
        <source>starting compute thread…</source>
        <translation>正在启动计算线程…</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="59"/>
        <source>SynOOD Studio</source>
        <translation>SynOOD Studio</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="81"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="82"/>
        <source>&amp;Open workspace…</source>
        <translation>打开工作区(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="84"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="86"/>
        <source>&amp;Export curated set…</source>
        <translation>导出整理好的数据集(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="88"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="91"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="92"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="94"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="100"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="102"/>
        <source>&amp;Curate</source>
        <translation>整理(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="108"/>
        <source>&amp;Accept</source>
        <translation>接受(&amp;A)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="109"/>
        <source>&amp;Reject</source>
        <translation>拒绝(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="110"/>
        <source>Back to &amp;pending</source>
        <translation>恢复为待定(&amp;P)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="111"/>
        <source>&amp;Tag…</source>
        <translation>标签(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="113"/>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="119"/>
        <source>Colour by</source>
        <translation>着色依据</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="120"/>
        <source>colour by origin</source>
        <translation>按来源着色</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="121"/>
        <source>colour by class</source>
        <translation>按类别着色</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="122"/>
        <source>colour by status</source>
        <translation>按状态着色</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="123"/>
        <source>colour by score</source>
        <translation>按分数着色</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="127"/>
        <source>PCA (with the boundary map)</source>
        <translation>PCA（含边界图）</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="128"/>
        <source>UMAP</source>
        <translation>UMAP</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="140"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="141"/>
        <source>Compute &amp;embeddings</source>
        <translation>计算嵌入(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="143"/>
        <source>&amp;Lasso selection in the embeddings</source>
        <translation>在嵌入中套索选择(&amp;L)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="147"/>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="152"/>
        <source>Scores</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="224"/>
        <source>Model: %1 on %2</source>
        <translation>模型：%1（%2）</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="230"/>
        <source>Could not load the model pack %1: %2
Still using %3.</source>
        <translation>无法加载模型包 %1：%2
仍在使用 %3。</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="232"/>
        <source>Model pack</source>
        <translation>模型包</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="237"/>
        <source>compute unavailable</source>
        <translation>计算不可用</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="239"/>
        <source>Compute thread</source>
        <translation>计算线程</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="250"/>
        <source>PC 1</source>
        <translation>主成分 1</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="250"/>
        <source>PC 2</source>
        <translation>主成分 2</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="251"/>
        <source>UMAP 1</source>
        <translation>UMAP 1</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="251"/>
        <source>UMAP 2</source>
        <translation>UMAP 2</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/MainWindow.cpp" line="260"/>
        <source>Embeddings of %n sample(s): PCA; the boundary at the InD 5 % score quantile</source>
        <translation><numerusform>%n 个样本的嵌入：PCA；边界位于 InD 分数的 5% 分位数</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/MainWindow.cpp" line="262"/>
        <source>Embeddings of %n sample(s): UMAP (the boundary map needs PCA)</source>
        <translation><numerusform>%n 个样本的嵌入：UMAP（边界图需要 PCA）</numerusform></translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="289"/>
        <source>SynOOD Studio — %1</source>
        <translation>SynOOD Studio — %1</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="303"/>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="304"/>
        <source>Could not save the workspace</source>
        <translation>无法保存工作区</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="312"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="312"/>
        <source>The workspace could not be saved. Quit anyway and lose the changes?</source>
        <translation>工作区无法保存。仍要退出并丢失这些更改吗？</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="322"/>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="325"/>
        <source>Could not open the workspace</source>
        <translation>无法打开工作区</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="339"/>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="339"/>
        <source>all origins</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="339"/>
        <location filename="../app/studio/MainWindow.cpp" line="460"/>
        <source>InD</source>
        <translation>分布内</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="339"/>
        <location filename="../app/studio/MainWindow.cpp" line="460"/>
        <source>OOD</source>
        <translation>分布外</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="340"/>
        <location filename="../app/studio/MainWindow.cpp" line="460"/>
        <source>synthesized</source>
        <translation>合成</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="341"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="341"/>
        <source>any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="341"/>
        <location filename="../app/studio/MainWindow.cpp" line="431"/>
        <source>pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="342"/>
        <location filename="../app/studio/MainWindow.cpp" line="431"/>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="342"/>
        <location filename="../app/studio/MainWindow.cpp" line="431"/>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="343"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="343"/>
        <source>all classes</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="344"/>
        <location filename="../app/studio/MainWindow.cpp" line="516"/>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="344"/>
        <source>any tag</source>
        <translation>任意标签</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="346"/>
        <source>search id, class, prompt</source>
        <translation>搜索 ID、类别、提示词</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="350"/>
        <source>Sort</source>
        <translation>排序</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="350"/>
        <source>workspace order</source>
        <translation>工作区顺序</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="350"/>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="351"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="351"/>
        <source>score ↑</source>
        <translation>分数 ↑</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="351"/>
        <source>score ↓</source>
        <translation>分数 ↓</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="443"/>
        <source>no class</source>
        <translation>无类别</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/MainWindow.cpp" line="445"/>
        <source>%n other class(es)</source>
        <translation><numerusform>其他 %n 个类别</numerusform></translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="455"/>
        <source>score %1 … %2</source>
        <translation>分数 %1 … %2</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="516"/>
        <source>Tag for the selected samples (again: removes it):</source>
        <translation>为所选样本添加的标签（再次添加则移除）：</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="522"/>
        <location filename="../app/studio/MainWindow.cpp" line="541"/>
        <source>No workspace open</source>
        <translation>未打开工作区</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/MainWindow.cpp" line="525"/>
        <source>Exported %n image(s) to %1</source>
        <translation><numerusform>已导出 %n 张图像到 %1</numerusform></translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="533"/>
        <source>Export the accepted samples to a new folder</source>
        <translation>将已接受的样本导出到新文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="536"/>
        <source>Could not export</source>
        <translation>无法导出</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/MainWindow.cpp" line="544"/>
        <source>%n sample(s) · %1%2</source>
        <translation><numerusform>%n 个样本 · %1%2</numerusform></translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="546"/>
        <source> · unsaved changes</source>
        <translation> · 有未保存的更改</translation>
    </message>
</context>
<context>
    <name>synood::studio::SettingsDialog</name>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="49"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="50"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="52"/>
        <source>Model pack (a folder with pack.json)</source>
        <translation>模型包（包含 pack.json 的文件夹）</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="59"/>
        <source> (not available)</source>
        <translation>（不可用）</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="62"/>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="64"/>
        <location filename="../app/studio/SettingsDialog.cpp" line="70"/>
        <source>applied at the next start</source>
        <translation>下次启动时生效</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="65"/>
        <source>http://127.0.0.1:8000/v1 (OpenAI-compatible chat completions)</source>
        <translation>http://127.0.0.1:8000/v1（兼容 OpenAI 的 chat completions 接口）</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="66"/>
        <source>system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="72"/>
        <source>Model pack</source>
        <translation>模型包</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="73"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="74"/>
        <source>Compute threads</source>
        <translation>计算线程</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="75"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="76"/>
        <source>MLLM endpoint</source>
        <translation>MLLM 接口地址</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="77"/>
        <source>MLLM model</source>
        <translation>MLLM 模型</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="78"/>
        <source>API key variable</source>
        <translation>API 密钥环境变量</translation>
    </message>
</context>
<context>
    <name>synood::studio::StudioWorker</name>
    <message>
        <location filename="../app/studio/StudioWorker.cpp" line="33"/>
        <location filename="../app/studio/StudioWorker.cpp" line="39"/>
        <location filename="../app/studio/StudioWorker.cpp" line="42"/>
        <location filename="../app/studio/StudioWorker.cpp" line="52"/>
        <source>load model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <location filename="../app/studio/StudioWorker.cpp" line="64"/>
        <source>InD</source>
        <translation>分布内</translation>
    </message>
    <message>
        <location filename="../app/studio/StudioWorker.cpp" line="64"/>
        <source>OOD</source>
        <translation>分布外</translation>
    </message>
    <message>
        <location filename="../app/studio/StudioWorker.cpp" line="64"/>
        <source>synthesized</source>
        <translation>合成</translation>
    </message>
    <message>
        <location filename="../app/studio/StudioWorker.cpp" line="87"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>synood::widgets::EmbeddingView</name>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="29"/>
        <source>PC 1</source>
        <translation>主成分 1</translation>
    </message>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="30"/>
        <source>PC 2</source>
        <translation>主成分 2</translation>
    </message>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="36"/>
        <source>View → Compute embeddings (Ctrl+E)</source>
        <translation>视图 → 计算嵌入（Ctrl+E）</translation>
    </message>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="91"/>
        <source>selected</source>
        <translation>已选择</translation>
    </message>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="125"/>
        <source>score (boundary at %1)</source>
        <translation>分数（边界在 %1）</translation>
    </message>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="145"/>
        <source>boundary</source>
        <translation>边界</translation>
    </message>
</context>
<context>
    <name>synood::widgets::GalleryModel</name>
    <message>
        <location filename="../widgets/GalleryModel.cpp" line="36"/>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../widgets/GalleryModel.cpp" line="77"/>
        <source>%1 · %2 · %3
%4</source>
        <translation>%1 · %2 · %3
%4</translation>
    </message>
</context>
<context>
    <name>synood::widgets::InspectorPanel</name>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="44"/>
        <source>denoising step (all iterations)</source>
        <translation>去噪步（全部迭代）</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="45"/>
        <source>score</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="69"/>
        <source>Select a sample in the gallery.</source>
        <translation>请在图库中选择一个样本。</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="77"/>
        <source>the sample</source>
        <translation>该样本</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="80"/>
        <source>its seed</source>
        <translation>其种子图像</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="83"/>
        <source> · class %1</source>
        <translation> · 类别 %1</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="87"/>
        <source> · tags %1</source>
        <translation> · 标签 %1</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="90"/>
        <source>&lt;br&gt;prompt: “%1” (%2: %3), mask %4</source>
        <translation>&lt;br&gt;提示词：“%1”（%2：%3），掩码 %4</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="94"/>
        <source>&lt;br&gt;%1 score %2</source>
        <translation>&lt;br&gt;%1 分数 %2</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="97"/>
        <source>&lt;br&gt;%1 (band %2 … %3) · pseudo label “%4”</source>
        <translation>&lt;br&gt;%1（区间 %2 … %3）· 伪标签“%4”</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="98"/>
        <source>near the boundary</source>
        <translation>靠近边界</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="98"/>
        <source>outside the band</source>
        <translation>在区间之外</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="103"/>
        <source>&lt;br&gt;stopped: %1</source>
        <translation>&lt;br&gt;已停止：%1</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="123"/>
        <source>iteration %1: predicted x0</source>
        <translation>第 %1 次迭代：预测的 x0</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="134"/>
        <source>after each iteration</source>
        <translation>每次迭代之后</translation>
    </message>
</context>
<context>
    <name>synood::widgets::ScoreHistogram</name>
    <message>
        <location filename="../widgets/ScoreHistogram.cpp" line="18"/>
        <source>score (higher = more in-distribution)</source>
        <translation>分数（越高越接近分布内）</translation>
    </message>
    <message>
        <location filename="../widgets/ScoreHistogram.cpp" line="19"/>
        <source>share of the group</source>
        <translation>组内占比</translation>
    </message>
</context>
</TS>

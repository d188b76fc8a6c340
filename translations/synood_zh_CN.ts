<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message numerus="yes">
        <location filename="../widgets/CurationCommands.cpp" line="10"/>
        <source>mark %n sample(s) %1</source>
        <translation>
            <numerusform>将 %n 个样本标为 %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/CurationCommands.cpp" line="35"/>
        <source>remove tag %1</source>
        <translation>移除标签 %1</translation>
    </message>
    <message>
        <location filename="../widgets/CurationCommands.cpp" line="35"/>
        <source>tag %1</source>
        <translation>添加标签 %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/main.cpp" line="140"/>
        <source>SynOOD Studio: synthesize near-boundary OOD samples, curate them, fine-tune CLIP and evaluate OOD detection. Without --workspace it opens the demo workspace (Fashion-MNIST, or with --world scenes the scenes world&apos;s).</source>
        <translation>SynOOD Studio：合成靠近边界的 OOD 样本，整理它们，微调 CLIP 并评估 OOD 检测。不带 --workspace 时打开演示工作区（Fashion-MNIST；带 --world scenes 时为场景世界的工作区）。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="146"/>
        <source>Open the workspace in &lt;dir&gt;.</source>
        <translation>打开 &lt;dir&gt; 中的工作区。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="149"/>
        <source>Render the main window to the PNG &lt;file&gt; and exit.</source>
        <translation>将主窗口渲染为 PNG 文件 &lt;file&gt; 后退出。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="152"/>
        <source>Compute threads (default: the settings&apos;, else all cores).</source>
        <translation>计算线程数（默认：设置中的值，否则使用全部核心）。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="156"/>
        <source>Compute the embeddings view on start (PCA and the boundary map); the demo workspace always does, except for --screenshot.</source>
        <translation>启动时计算嵌入视图（PCA 与边界图）；演示工作区总会计算，--screenshot 除外。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="164"/>
        <source>Interface language: auto, en or zh_CN (default: the settings, else the system locale).</source>
        <translation>界面语言：auto、en 或 zh_CN（默认：设置中的值，否则跟随系统区域）。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="167"/>
        <source>Show sample &lt;row&gt; in the inspector.</source>
        <translation>在检查器中显示第 &lt;row&gt; 个样本。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="173"/>
        <source>Show a panel and start its job on the workspace: synthesis (one seed, live), batch (48 seeds), train (stage A and B) or evaluate (zero-shot against the adapter); with --screenshot the picture is taken mid-run (evaluate: when done).</source>
        <translation>显示一个面板并在工作区上启动其任务：synthesis（单个种子，实时）、batch（48 个种子）、train（阶段 A 和 B）或 evaluate（零样本与适配器对比）；配合 --screenshot 时在运行中截图（evaluate：完成时）。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="181"/>
        <source>The demo world for this session: fashion (Fashion-MNIST) or scenes (garments on backgrounds, context prompts); its pack, test sets and, without --workspace, its demo workspace. The settings keep their pack.</source>
        <translation>本次会话的演示世界：fashion（Fashion-MNIST）或 scenes（背景上的服装，上下文提示）；使用其模型包、测试集，以及不带 --workspace 时的演示工作区。设置中保存的模型包不变。</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="228"/>
        <source>Demo workspace</source>
        <translation>演示工作区</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="240"/>
        <source>Could not open the workspace</source>
        <translation>无法打开工作区</translation>
    </message>
</context>
<context>
    <name>synood::studio::FailuresView</name>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="38"/>
        <location filename="../app/studio/FailuresView.cpp" line="151"/>
        <source>Evaluate to see where the detector fails.</source>
        <translation>评估后即可看到检测器在哪里失效。</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="43"/>
        <source>OOD set</source>
        <translation>分布外数据集</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="44"/>
        <source>OOD accepted as InD</source>
        <translation>被当作分布内的分布外样本</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="45"/>
        <source>InD rejected</source>
        <translation>被拒绝的分布内样本</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="46"/>
        <source>fixed by fine-tuning</source>
        <translation>微调后修正</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="47"/>
        <source>broken by fine-tuning</source>
        <translation>微调后变错</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="49"/>
        <source>Which images: at the FPR95 threshold, the false positives or false negatives; or the OOD images that crossed the threshold between zero-shot and the adapter</source>
        <translation>显示哪些图像：FPR95 阈值下的假阳性或假阴性；或在零样本与适配器之间越过阈值的分布外图像</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="57"/>
        <source>The nearest training samples in the score&apos;s feature space; double-click one to show it in the gallery</source>
        <translation>该分数特征空间中最近的训练样本；双击可在图库中显示</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="121"/>
        <source>%1
score %2 (zero-shot %3)</source>
        <translation>%1
分数 %2（零样本 %3）</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="134"/>
        <source>%1
score %2 (%3), zero-shot %4</source>
        <translation>%1
分数 %2（%3），零样本 %4</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="135"/>
        <source>
No training workspace: no nearest samples.</source>
        <translation>
没有训练工作区：无最近样本。</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="140"/>
        <source>synthesized</source>
        <translation>合成</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="140"/>
        <source>InD</source>
        <translation>分布内</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="143"/>
        <source>%1 (%2), distance %3</source>
        <translation>%1（%2），距离 %3</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="153"/>
        <source>%1 (%2, %3) at the FPR95 threshold %4: %5 of %6 OOD images accepted as InD, %7 of %8 InD images rejected.</source>
        <translation>%1（%2，%3）在 FPR95 阈值 %4 下：%6 个分布外图像中有 %5 个被当作分布内，%8 个分布内图像中有 %7 个被拒绝。</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="161"/>
        <source> Against zero-shot: %1 OOD images fixed, %2 broken; %3 InD images fixed, %4 broken.</source>
        <translation> 与零样本相比：分布外图像修正 %1 个、变错 %2 个；分布内图像修正 %3 个、变错 %4 个。</translation>
    </message>
    <message>
        <location filename="../app/studio/FailuresView.cpp" line="168"/>
        <source> Coverage: %1 % of the accepted OOD images lie nearest a synthesized sample (median distance %2 to synthesized, %3 to InD; every OOD image to synthesized: %4).</source>
        <translation> 覆盖：被接受的分布外图像中 %1 % 最近的是合成样本（到合成样本的中位距离 %2，到分布内样本 %3；所有分布外图像到合成样本：%4）。</translation>
    </message>
</context>
<context>
    <name>synood::studio::JobWorker</name>
    <message>
        <location filename="../app/studio/JobWorker.cpp" line="106"/>
        <source>trained on %1 InD and %2 synthesized samples (%3)</source>
        <translation>已用 %1 个分布内样本和 %2 个合成样本训练（%3）</translation>
    </message>
    <message>
        <location filename="../app/studio/JobWorker.cpp" line="109"/>
        <source>the accepted ones</source>
        <translation>已接受的样本</translation>
    </message>
    <message>
        <location filename="../app/studio/JobWorker.cpp" line="109"/>
        <source>the near-boundary ones</source>
        <translation>边界附近的样本</translation>
    </message>
    <message>
        <location filename="../app/studio/JobWorker.cpp" line="111"/>
        <source>; stage A: loss %1, accuracy %2</source>
        <translation>；阶段 A：损失 %1，准确率 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/JobWorker.cpp" line="113"/>
        <source>; stage B: loss %1, accuracy %2</source>
        <translation>；阶段 B：损失 %1，准确率 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/JobWorker.cpp" line="115"/>
        <source>; checkpoints chosen on validation (%1 held-out synthesized against %2 InD samples): stage A step %3, stage B step %4</source>
        <translation>；检查点按验证集选择（%1 个留出的合成样本对 %2 个分布内样本）：阶段 A 第 %3 步，阶段 B 第 %4 步</translation>
    </message>
    <message>
        <location filename="../app/studio/JobWorker.cpp" line="123"/>
        <source>; no validation (too few seeds to hold one out): the last step kept</source>
        <translation>；未做验证（种子太少，无法留出）：保留最后一步</translation>
    </message>
    <message>
        <location filename="../app/studio/JobWorker.cpp" line="126"/>
        <source>. Warning: only %1 synthesized sample(s), too few for the result to mean much; synthesize at least %2</source>
        <translation>。警告：只有 %1 个合成样本，太少，结果意义不大；请至少合成 %2 个</translation>
    </message>
</context>
<context>
    <name>synood::studio::MainWindow</name>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="56"/>
        <source>starting compute thread…</source>
        <translation>正在启动计算线程…</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="65"/>
        <source>SynOOD Studio</source>
        <translation>SynOOD Studio</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="84"/>
        <source>Filtering the gallery…</source>
        <translation>正在筛选图库…</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="103"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="104"/>
        <source>&amp;Open workspace…</source>
        <translation>打开工作区(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="106"/>
        <source>&amp;Export curated set…</source>
        <translation>导出整理好的数据集(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="108"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="111"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="112"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="114"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="120"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="122"/>
        <source>&amp;Curate</source>
        <translation>整理(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="128"/>
        <source>&amp;Accept</source>
        <translation>接受(&amp;A)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="129"/>
        <source>&amp;Reject</source>
        <translation>拒绝(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="130"/>
        <source>Back to &amp;pending</source>
        <translation>恢复为待定(&amp;P)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="131"/>
        <source>&amp;Tag…</source>
        <translation>标签(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="136"/>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="142"/>
        <source>Colour by</source>
        <translation>着色依据</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="143"/>
        <source>colour by origin</source>
        <translation>按来源着色</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="144"/>
        <source>colour by class</source>
        <translation>按类别着色</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="145"/>
        <source>colour by status</source>
        <translation>按状态着色</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="146"/>
        <source>colour by score</source>
        <translation>按分数着色</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="149"/>
        <source>PCA (with the boundary map)</source>
        <translation>PCA（含边界图）</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="150"/>
        <source>UMAP</source>
        <translation>UMAP</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="162"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="163"/>
        <source>Compute &amp;embeddings</source>
        <translation>计算嵌入(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="180"/>
        <source>&amp;Lasso selection in the embeddings</source>
        <translation>在嵌入中套索选择(&amp;L)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="181"/>
        <source>&amp;Rectangle selection in the embeddings</source>
        <translation>在嵌入图中矩形选择(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="182"/>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="187"/>
        <source>Scores</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="243"/>
        <source>Not written: %1</source>
        <translation>未写入：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="244"/>
        <source>The workspace refused the change</source>
        <translation>工作区拒绝了此更改</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="265"/>
        <source>Model: %1 on %2</source>
        <translation>模型：%1（%2）</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="271"/>
        <source>Could not load the model pack %1: %2
Still using %3.</source>
        <translation>无法加载模型包 %1：%2
仍在使用 %3。</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="273"/>
        <source>Model pack</source>
        <translation>模型包</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="278"/>
        <source>compute unavailable</source>
        <translation>计算不可用</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="280"/>
        <source>Compute thread</source>
        <translation>计算线程</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="289"/>
        <source>%1: %2 of %3 above the boundary</source>
        <translation>%1：%3 个中 %2 个高于边界</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="291"/>
        <source>Test sets in the map: %1</source>
        <translation>地图中的测试集：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="303"/>
        <source>PC 1</source>
        <translation>主成分 1</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="303"/>
        <source>PC 2</source>
        <translation>主成分 2</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="305"/>
        <source>UMAP 1</source>
        <translation>UMAP 1</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="305"/>
        <source>UMAP 2</source>
        <translation>UMAP 2</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/MainWindow.cpp" line="317"/>
        <source>Embeddings of %n sample(s): PCA; the boundary at the InD 5 % score quantile</source>
        <translation>
            <numerusform>%n 个样本的嵌入：PCA；边界位于 InD 分数的 5% 分位数</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/MainWindow.cpp" line="318"/>
        <source>Embeddings of %n sample(s): UMAP (the boundary map needs PCA)</source>
        <translation>
            <numerusform>%n 个样本的嵌入：UMAP（边界图需要 PCA）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="342"/>
        <source>SynOOD Studio — %1</source>
        <translation>SynOOD Studio — %1</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="355"/>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="358"/>
        <source>Could not open the workspace</source>
        <translation>无法打开工作区</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="381"/>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="381"/>
        <source>all origins</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="381"/>
        <location filename="../app/studio/MainWindow.cpp" line="540"/>
        <source>InD</source>
        <translation>分布内</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="381"/>
        <location filename="../app/studio/MainWindow.cpp" line="540"/>
        <source>OOD</source>
        <translation>分布外</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="381"/>
        <location filename="../app/studio/MainWindow.cpp" line="540"/>
        <source>synthesized</source>
        <translation>合成</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="383"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="383"/>
        <source>any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="383"/>
        <location filename="../app/studio/MainWindow.cpp" line="511"/>
        <source>pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="383"/>
        <location filename="../app/studio/MainWindow.cpp" line="511"/>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="383"/>
        <location filename="../app/studio/MainWindow.cpp" line="511"/>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="384"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="384"/>
        <source>all classes</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="385"/>
        <location filename="../app/studio/MainWindow.cpp" line="594"/>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="385"/>
        <source>any tag</source>
        <translation>任意标签</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="387"/>
        <source>search id, class, prompt</source>
        <translation>搜索 ID、类别、提示词</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="391"/>
        <source>Sort</source>
        <translation>排序</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="391"/>
        <source>workspace order</source>
        <translation>工作区顺序</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="392"/>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="393"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="394"/>
        <source>score ↑</source>
        <translation>分数 ↑</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="395"/>
        <source>score ↓</source>
        <translation>分数 ↓</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="396"/>
        <source>looks InD ↓</source>
        <translation>像 InD ↓</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="523"/>
        <source>no class</source>
        <translation>无类别</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/MainWindow.cpp" line="525"/>
        <source>%n other class(es)</source>
        <translation>
            <numerusform>其他 %n 个类别</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="535"/>
        <source>score %1 … %2</source>
        <translation>分数 %1 … %2</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="594"/>
        <source>Tag for the selected samples (again: removes it):</source>
        <translation>为所选样本添加的标签（再次添加则移除）：</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="599"/>
        <location filename="../app/studio/MainWindow.cpp" line="618"/>
        <source>No workspace open</source>
        <translation>未打开工作区</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/MainWindow.cpp" line="602"/>
        <source>Exported %n image(s) to %1</source>
        <translation>
            <numerusform>已导出 %n 张图像到 %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="610"/>
        <source>Export the accepted samples to a new folder</source>
        <translation>将已接受的样本导出到新文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindow.cpp" line="613"/>
        <source>Could not export</source>
        <translation>无法导出</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/MainWindow.cpp" line="622"/>
        <source>%n sample(s) · %1</source>
        <translation>
            <numerusform>%n 个样本 · %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowPanels.cpp" line="50"/>
        <source>Synthesis</source>
        <translation>合成</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowPanels.cpp" line="51"/>
        <source>Train and evaluate</source>
        <translation>训练与评估</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowPanels.cpp" line="88"/>
        <source>%1: %2 of %3</source>
        <translation>%1：%2 / %3</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowPanels.cpp" line="91"/>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowPanels.cpp" line="113"/>
        <source>Open a workspace first.</source>
        <translation>请先打开工作区。</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowPanels.cpp" line="123"/>
        <source>Could not use %1 as a seed (not an image, or not copyable).</source>
        <translation>无法将 %1 用作种子（不是图像，或无法复制）。</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowTestSets.cpp" line="25"/>
        <source>Test sets for the map: name=spec, separated by commas</source>
        <translation>地图的测试集：名称=规格，以逗号分隔</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowTestSets.cpp" line="27"/>
        <source>Add to map</source>
        <translation>加入地图</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowTestSets.cpp" line="28"/>
        <source>Place these sets&apos; images in the map, each with its score</source>
        <translation>将这些集合的图像放入地图，并附上各自的分数</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowTestSets.cpp" line="29"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowTestSets.cpp" line="30"/>
        <source>Remove the test sets from the map</source>
        <translation>从地图中移除测试集</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowTestSets.cpp" line="50"/>
        <source>Test sets are name=spec, separated by commas; &apos;%1&apos; is not.</source>
        <translation>测试集格式为 名称=规格，以逗号分隔；“%1”不是。</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowTestSets.cpp" line="54"/>
        <source>Compute the embeddings first (View → Compute embeddings).</source>
        <translation>请先计算嵌入（视图 → 计算嵌入）。</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowTestSets.cpp" line="90"/>
        <source>above the boundary %1: taken for InD</source>
        <translation>高于边界 %1：被当作分布内</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowTestSets.cpp" line="91"/>
        <source>below the boundary %1: taken for OOD</source>
        <translation>低于边界 %1：被当作分布外</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowTestSets.cpp" line="92"/>
        <source>&lt;b&gt;%1&lt;/b&gt; image %2 (%3)&lt;br&gt;%4&lt;br&gt;energy score %5 · %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 图像 %2（%3）&lt;br&gt;%4&lt;br&gt;能量分数 %5 · %6</translation>
    </message>
    <message>
        <location filename="../app/studio/MainWindowTestSets.cpp" line="98"/>
        <source>%1 image %2: energy score %3, in the Inspector</source>
        <translation>%1 图像 %2：能量分数 %3，见检查器</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/studio/MainWindowTestSets.cpp" line="118"/>
        <source>%n test image(s) selected (%1), %2 above the boundary; the likeliest InD in the Inspector</source>
        <translation>
            <numerusform>已选 %n 张测试图像（%1），%2 张在边界之上；最像 InD 的一张显示在检查器中</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>synood::studio::SettingsDialog</name>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="65"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="66"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="68"/>
        <source>Model pack (a folder with pack.json)</source>
        <translation>模型包（包含 pack.json 的文件夹）</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="75"/>
        <source> (not available)</source>
        <translation>（不可用）</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="78"/>
        <source>automatic (bfloat16 on this CPU)</source>
        <translation>自动（本机 CPU 上为 bfloat16）</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="78"/>
        <source>automatic (float32 on this CPU)</source>
        <translation>自动（本机 CPU 上为 float32）</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="80"/>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="81"/>
        <source>bfloat16</source>
        <translation>bfloat16</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="84"/>
        <source>Encoding, scoring and evaluation on CPU. bfloat16 is several times faster on CPUs with AVX512-BF16 or AMX; synthesis and training stay float32; on CUDA the model keeps its own precision.</source>
        <translation>CPU 上的编码、打分与评估。在支持 AVX512-BF16 或 AMX 的 CPU 上，bfloat16 快数倍；合成与训练保持 float32；在 CUDA 上模型保持其自身精度。</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="87"/>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="89"/>
        <location filename="../app/studio/SettingsDialog.cpp" line="95"/>
        <source>applied at the next start</source>
        <translation>下次启动时生效</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="90"/>
        <source>http://127.0.0.1:8000/v1 (OpenAI-compatible chat completions)</source>
        <translation>http://127.0.0.1:8000/v1（兼容 OpenAI 的 chat completions 接口）</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="91"/>
        <source>system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="97"/>
        <source>Model pack</source>
        <translation>模型包</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="98"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="99"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="100"/>
        <source>Compute threads</source>
        <translation>计算线程</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="101"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="102"/>
        <source>MLLM endpoint</source>
        <translation>MLLM 接口地址</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="103"/>
        <source>MLLM model</source>
        <translation>MLLM 模型</translation>
    </message>
    <message>
        <location filename="../app/studio/SettingsDialog.cpp" line="104"/>
        <source>API key variable</source>
        <translation>API 密钥环境变量</translation>
    </message>
</context>
<context>
    <name>synood::studio::StudioWorker</name>
    <message>
        <location filename="../app/studio/StudioWorker.cpp" line="38"/>
        <location filename="../app/studio/StudioWorker.cpp" line="40"/>
        <location filename="../app/studio/StudioWorker.cpp" line="43"/>
        <location filename="../app/studio/StudioWorker.cpp" line="51"/>
        <source>load model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <location filename="../app/studio/StudioWorker.cpp" line="60"/>
        <source>InD</source>
        <translation>分布内</translation>
    </message>
    <message>
        <location filename="../app/studio/StudioWorker.cpp" line="60"/>
        <source>OOD</source>
        <translation>分布外</translation>
    </message>
    <message>
        <location filename="../app/studio/StudioWorker.cpp" line="60"/>
        <source>synthesized</source>
        <translation>合成</translation>
    </message>
    <message>
        <location filename="../app/studio/StudioWorker.cpp" line="97"/>
        <location filename="../app/studio/StudioWorker.cpp" line="134"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>synood::studio::SynthesisPanel</name>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="58"/>
        <source>no seed</source>
        <translation>未选种子</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="71"/>
        <source>auto: the InD 5 % quantile</source>
        <translation>自动：分布内 5 % 分位数</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="73"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="74"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="75"/>
        <location filename="../app/studio/SynthesisPanel.cpp" line="460"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="76"/>
        <source>Cancel batch</source>
        <translation>取消批处理</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="81"/>
        <source>no batch</source>
        <translation>无批处理</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="97"/>
        <source>Use current sample</source>
        <translation>使用当前样本</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="98"/>
        <source>From file…</source>
        <translation>从文件…</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="101"/>
        <source>Select a sample in the gallery first.</source>
        <translation>请先在图库中选择一个样本。</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="107"/>
        <source>Seed image</source>
        <translation>种子图像</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="107"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.webp)</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="132"/>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="133"/>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="134"/>
        <source>Box</source>
        <translation>方框</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="141"/>
        <source>Whole</source>
        <translation>整幅</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="142"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="143"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="151"/>
        <source>WordNet relatives</source>
        <translation>WordNet 相关词</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="152"/>
        <source>hybrid (WordNet + class)</source>
        <translation>混合（WordNet + 类别）</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="153"/>
        <source>MLLM suggestion (Settings → MLLM endpoint)</source>
        <translation>多模态大模型建议（设置 → MLLM 端点）</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="154"/>
        <source>scene context (the seed&apos;s scene file, offline)</source>
        <translation>场景上下文（种子图像的场景文件，离线）</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="155"/>
        <source>free text</source>
        <translation>自由文本</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="156"/>
        <source>a photo of …</source>
        <translation>一张……的照片</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="165"/>
        <source>Prompt source</source>
        <translation>提示来源</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="166"/>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="168"/>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="168"/>
        <source>strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="168"/>
        <source>CFG</source>
        <translation>CFG</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="172"/>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="174"/>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="174"/>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="174"/>
        <source>score</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="178"/>
        <source>Guidance</source>
        <translation>引导</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="182"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="185"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="187"/>
        <source>Band (InD quantiles)</source>
        <translation>边界带（分布内分位数）</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="207"/>
        <source>the predicted x0 of the latest denoising step</source>
        <translation>最近一步去噪预测的 x0</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="217"/>
        <source>Batch queue</source>
        <translation>批处理队列</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="218"/>
        <source>Queue the selected seeds</source>
        <translation>将所选种子加入队列</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="225"/>
        <source>per seed</source>
        <translation>每个种子</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="269"/>
        <source>Nothing new: this sample exists already.</source>
        <translation>没有新样本：该样本已存在。</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="270"/>
        <source>Done: score %1 (target %2), %3 — in the gallery, pending.</source>
        <translation>完成：分数 %1（目标 %2），%3——已加入图库，待定。</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="273"/>
        <source>near the boundary</source>
        <translation>在边界附近</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="273"/>
        <source>outside the band</source>
        <translation>在边界带之外</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="276"/>
        <source>batch done: %1 written, %2 near the boundary</source>
        <translation>批处理完成：写入 %1 个，%2 个在边界附近</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="284"/>
        <source>%1 cancelled</source>
        <translation>%1 已取消</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="284"/>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="285"/>
        <source>batch cancelled</source>
        <translation>批处理已取消</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="285"/>
        <source>batch failed</source>
        <translation>批处理失败</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="308"/>
        <source>Cannot read the seed image %1.</source>
        <translation>无法读取种子图像 %1。</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="313"/>
        <source>seed %1 (%2×%3)</source>
        <translation>种子 %1（%2×%3）</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="379"/>
        <source>Choose a seed first (Use current sample, or From file…).</source>
        <translation>请先选择种子（使用当前样本，或从文件…）。</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="383"/>
        <source>The mask is empty: paint where the model may change the image.</source>
        <translation>掩码为空：请涂抹允许模型修改的区域。</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="387"/>
        <source>Write the prompt, or choose another prompt source.</source>
        <translation>请填写提示，或选择其他提示来源。</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="392"/>
        <location filename="../app/studio/SynthesisPanel.cpp" line="431"/>
        <source>Open a workspace first (and let it save).</source>
        <translation>请先打开工作区（并让其保存）。</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="399"/>
        <source>Could not write the mask under %1.</source>
        <translation>无法在 %1 下写入掩码。</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="411"/>
        <source>Waiting for the running job (%1)…</source>
        <translation>正在等待运行中的任务（%1）…</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="411"/>
        <source>Running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="412"/>
        <source>synthesis of %1</source>
        <translation>%1 的合成</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="426"/>
        <source>Select seeds in the gallery (or the embeddings) first.</source>
        <translation>请先在图库（或嵌入图）中选择种子。</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="440"/>
        <source>batch of %1 samples</source>
        <translation>%1 个样本的批处理</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="447"/>
        <source>queued: %1 samples (waiting for %2)</source>
        <translation>已排队：%1 个样本（等待 %2）</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="460"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="461"/>
        <source>paused at %1 of %2</source>
        <translation>已暂停于 %1 / %2</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="461"/>
        <source>resumed</source>
        <translation>已继续</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="471"/>
        <source>%1 of %2 …</source>
        <translation>%1 / %2 …</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="476"/>
        <source>%1 of %2 · %3 samples/s · ETA %4:%5</source>
        <translation>%1 / %2 · %3 样本/秒 · 预计剩余 %4:%5</translation>
    </message>
    <message>
        <location filename="../app/studio/SynthesisPanel.cpp" line="495"/>
        <source>iteration %1 of %2</source>
        <translation>第 %1 次迭代，共 %2 次</translation>
    </message>
</context>
<context>
    <name>synood::studio::TrainPanel</name>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="60"/>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="61"/>
        <source>&amp;Evaluate</source>
        <translation>评估(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="62"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="63"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="64"/>
        <source>optimisation step</source>
        <translation>优化步</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="64"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="66"/>
        <source>false positive rate (OOD accepted)</source>
        <translation>假阳性率（被接受的分布外样本）</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="66"/>
        <source>true positive rate (InD accepted)</source>
        <translation>真阳性率（被接受的分布内样本）</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="67"/>
        <source>score</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="67"/>
        <source>share of the set</source>
        <translation>占该集合的比例</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="81"/>
        <source>stage A and B</source>
        <translation>阶段 A 和 B</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="82"/>
        <source>stage A (adapter)</source>
        <translation>阶段 A（适配器）</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="83"/>
        <source>stage B (negative features)</source>
        <translation>阶段 B（负标签特征）</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="91"/>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="93"/>
        <source>epochs A</source>
        <translation>A 轮数</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="95"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="97"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="98"/>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="99"/>
        <source>InD set</source>
        <translation>分布内数据集</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="100"/>
        <source>OOD sets</source>
        <translation>分布外数据集</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="101"/>
        <source>a folder (ImageFolder), FILE.gz[@labels] (IDX) or demo:NAME</source>
        <translation>文件夹（ImageFolder）、FILE.gz[@标签]（IDX）或 demo:名称</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="102"/>
        <source>name=spec, separated by commas</source>
        <translation>名称=规格，以逗号分隔</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="119"/>
        <source>Export the evaluation to</source>
        <translation>将评估导出到</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="130"/>
        <source>accuracy, validation AUROC</source>
        <translation>准确率、验证 AUROC</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="132"/>
        <source>method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="132"/>
        <source>OOD set</source>
        <translation>分布外数据集</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="132"/>
        <source>AUROC %</source>
        <translation>AUROC %</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="132"/>
        <source>FPR95 %</source>
        <translation>FPR95 %</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="132"/>
        <source>AUPR-In %</source>
        <translation>AUPR-In %</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="132"/>
        <source>AUPR-Out %</source>
        <translation>AUPR-Out %</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="136"/>
        <source>FPR95: the share of OOD samples accepted as InD at the threshold where 95 % of InD samples are accepted (InD positive, higher score = more InD). Lower is better; AUROC higher is better.</source>
        <translation>FPR95：在接受 95 % 分布内样本的阈值下，被当作分布内接受的分布外样本比例（分布内为正类，分数越高越像分布内）。越低越好；AUROC 越高越好。</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="141"/>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="146"/>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="147"/>
        <source>ROC</source>
        <translation>ROC</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="148"/>
        <source>Score histograms</source>
        <translation>分数直方图</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="149"/>
        <source>Failures</source>
        <translation>失效</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="169"/>
        <source>%1. Adapter: %2. Evaluate to compare with zero-shot.</source>
        <translation>%1。适配器：%2。评估以与零样本比较。</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="183"/>
        <source>%1 cancelled</source>
        <translation>%1 已取消</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="183"/>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="211"/>
        <source>Open a workspace first (and let it save).</source>
        <translation>请先打开工作区（并让其保存）。</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="234"/>
        <source>stage A loss</source>
        <translation>阶段 A 损失</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="235"/>
        <source>stage A accuracy</source>
        <translation>阶段 A 准确率</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="236"/>
        <source>stage B loss</source>
        <translation>阶段 B 损失</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="237"/>
        <source>stage B accuracy</source>
        <translation>阶段 B 准确率</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="238"/>
        <source>validation AUROC</source>
        <translation>验证 AUROC</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="240"/>
        <source>chosen checkpoint</source>
        <translation>选中的检查点</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="246"/>
        <source>Training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="247"/>
        <source>fine-tuning</source>
        <translation>微调</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="278"/>
        <source>%1: step %2 of %3, loss %4, accuracy %5</source>
        <translation>%1：第 %2 / %3 步，损失 %4，准确率 %5</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="301"/>
        <source>No negative labels yet (%1): synthesize first.</source>
        <translation>尚无负标签（%1）：请先合成。</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="310"/>
        <source>OOD sets are name=spec, separated by commas; &apos;%1&apos; is not.</source>
        <translation>分布外数据集的格式为 名称=规格，以逗号分隔；“%1”不符合。</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="316"/>
        <source>Name the InD set and at least one OOD set.</source>
        <translation>请指定分布内数据集和至少一个分布外数据集。</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="409"/>
        <source>Could not write eval.json under %1.</source>
        <translation>无法在 %1 下写入 eval.json。</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="288"/>
        <source>Evaluating zero-shot (no adapter yet: train first to compare)…</source>
        <translation>正在评估零样本（尚无适配器：请先训练以便比较）…</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="122"/>
        <source>Wrote the plots and eval.json to %1.</source>
        <translation>已将图表和 eval.json 写入 %1。</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="288"/>
        <source>Evaluating…</source>
        <translation>评估中…</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="290"/>
        <source>evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="341"/>
        <source>average</source>
        <translation>平均</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="382"/>
        <source>%1 · InD</source>
        <translation>%1 · 分布内</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="383"/>
        <source>%1 · OOD</source>
        <translation>%1 · 分布外</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="391"/>
        <source>%1: AUROC %2 %, FPR95 %3 % (average). </source>
        <translation>%1：AUROC %2 %，FPR95 %3 %（平均）。</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="397"/>
        <source>Nothing to export: evaluate first.</source>
        <translation>没有可导出的内容：请先评估。</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="398"/>
        <source>Cannot create %1.</source>
        <translation>无法创建 %1。</translation>
    </message>
    <message>
        <location filename="../app/studio/TrainPanel.cpp" line="404"/>
        <source>Could not write %1 under %2.</source>
        <translation>无法在 %2 下写入 %1。</translation>
    </message>
</context>
<context>
    <name>synood::widgets::EmbeddingView</name>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="42"/>
        <source>PC 1</source>
        <translation>主成分 1</translation>
    </message>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="43"/>
        <source>PC 2</source>
        <translation>主成分 2</translation>
    </message>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="49"/>
        <source>View → Compute embeddings (Ctrl+E)</source>
        <translation>视图 → 计算嵌入（Ctrl+E）</translation>
    </message>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="106"/>
        <source>selected</source>
        <translation>已选择</translation>
    </message>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="140"/>
        <source>score (boundary at %1)</source>
        <translation>分数（边界在 %1）</translation>
    </message>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="160"/>
        <source>boundary</source>
        <translation>边界</translation>
    </message>
    <message>
        <location filename="../widgets/EmbeddingView.cpp" line="375"/>
        <source>synthesis path</source>
        <translation>合成路径</translation>
    </message>
</context>
<context>
    <name>synood::widgets::GalleryModel</name>
    <message>
        <location filename="../widgets/GalleryModel.cpp" line="38"/>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../widgets/GalleryModel.cpp" line="78"/>
        <source>%1 · %2 · %3
%4</source>
        <translation>%1 · %2 · %3
%4</translation>
    </message>
</context>
<context>
    <name>synood::widgets::InspectorPanel</name>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="100"/>
        <source>Select a sample in the gallery.</source>
        <translation>请在图库中选择一个样本。</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="117"/>
        <source>the sample</source>
        <translation>该样本</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="124"/>
        <source>its seed</source>
        <translation>其种子图像</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="124"/>
        <source>its seed, the in-painted region in red</source>
        <translation>其种子，红色为重绘区域</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="127"/>
        <source> · class %1</source>
        <translation> · 类别 %1</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="131"/>
        <source> · tags %1</source>
        <translation> · 标签 %1</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="134"/>
        <source>&lt;br&gt;prompt: “%1” (%2: %3), mask %4</source>
        <translation>&lt;br&gt;提示词：“%1”（%2：%3），掩码 %4</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="138"/>
        <source>&lt;br&gt;%1 score %2</source>
        <translation>&lt;br&gt;%1 分数 %2</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="141"/>
        <source>&lt;br&gt;%1 (band %2 … %3) · pseudo label “%4”</source>
        <translation>&lt;br&gt;%1（区间 %2 … %3）· 伪标签“%4”</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="149"/>
        <source>&lt;br&gt;looks like “%1” (zero-shot probability %2)</source>
        <translation>&lt;br&gt;看起来像“%1”（零样本概率 %2）</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="142"/>
        <source>near the boundary</source>
        <translation>靠近边界</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="142"/>
        <source>outside the band</source>
        <translation>在区间之外</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="153"/>
        <source>&lt;br&gt;stopped: %1</source>
        <translation>&lt;br&gt;已停止：%1</translation>
    </message>
    <message>
        <location filename="../widgets/InspectorPanel.cpp" line="154"/>
        <source>&lt;br&gt;provenance unreadable: %1</source>
        <translation>&lt;br&gt;来源信息无法读取：%1</translation>
    </message>
</context>
<context>
    <name>synood::widgets::MaskPainter</name>
    <message>
        <location filename="../widgets/MaskPainter.cpp" line="124"/>
        <source>Pick a seed: the gallery&apos;s current sample or a file</source>
        <translation>选择种子：图库中的当前样本或文件</translation>
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
<context>
    <name>synood::widgets::TrajectoryPlot</name>
    <message>
        <location filename="../widgets/TrajectoryPlot.cpp" line="14"/>
        <source>denoising step (all iterations)</source>
        <translation>去噪步（所有迭代）</translation>
    </message>
    <message>
        <location filename="../widgets/TrajectoryPlot.cpp" line="15"/>
        <source>score</source>
        <translation>分数</translation>
    </message>
    <message>
        <location filename="../widgets/TrajectoryPlot.cpp" line="34"/>
        <source>after each iteration</source>
        <translation>每次迭代之后</translation>
    </message>
    <message>
        <location filename="../widgets/TrajectoryPlot.cpp" line="58"/>
        <source>iteration %1: predicted x0</source>
        <translation>第 %1 次迭代：预测的 x0</translation>
    </message>
</context>
</TS>
